using Vigil.Eql.Semantics;

namespace Vigil.Kql.Compilation;

/// <summary>How a KQL query is bound and compiled: the field types, the timestamp field and the clock for date math.</summary>
public sealed record KqlCompileOptions
{
    /// <summary>Field types decide each comparison (keyword exact, text analysed, ip CIDR, dates, numbers).</summary>
    public Schema Schema { get; init; } = Schema.Default;

    /// <summary>The field events are ordered by (the rule's timestamp field).</summary>
    public string TimestampField { get; init; } = "@timestamp";

    /// <summary>What <c>now</c> means in date math; the time of compiling when not set.</summary>
    public DateTimeOffset? Now { get; init; }

    public static KqlCompileOptions Default { get; } = new();
}
