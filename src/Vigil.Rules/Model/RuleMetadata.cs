using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>The <c>[metadata]</c> table of an elastic/detection-rules TOML file (not sent to Kibana).</summary>
public sealed record RuleMetadata
{
    public string? CreationDate { get; init; }

    public string? UpdatedDate { get; init; }

    /// <summary><c>production</c>, <c>development</c>, <c>deprecated</c>...</summary>
    public string? Maturity { get; init; }

    public ValueList<string> Integration { get; init; } = ValueList<string>.Empty;

    public string? MinStackVersion { get; init; }

    public string? MinStackComments { get; init; }

    public string? DeprecationDate { get; init; }

    public string? DeprecatedReason { get; init; }

    public bool? BypassBbrTiming { get; init; }

    public bool? Promotion { get; init; }

    /// <summary>Keys not modelled above, kept verbatim.</summary>
    public RawJson? Extra { get; init; }

    public bool IsDeprecated => string.Equals(Maturity, "deprecated", StringComparison.Ordinal);
}
