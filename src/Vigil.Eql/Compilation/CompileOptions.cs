using Vigil.Eql.Runtime;

namespace Vigil.Eql.Compilation;

/// <summary>How a statement is compiled: the special fields, the dialect and what the mapping says about fields.</summary>
public sealed record CompileOptions
{
    public string TimestampField { get; init; } = "@timestamp";

    /// <summary>Orders events with equal timestamps (ES's tiebreaker_field); none by default.</summary>
    public string? TiebreakerField { get; init; }

    public string EventCategoryField { get; init; } = "event.category";

    /// <summary>The Endgame dialect: <c>==</c>, <c>!=</c> and <c>in</c> compare strings case-insensitively.</summary>
    public bool CaseInsensitiveEquality { get; init; }

    /// <summary>
    /// The Endgame (Python EQL) dialect's runtime: its functions (arraySearch, wildcard, match...), array indexes,
    /// wildcards in <c>==</c>, lineage and join. With <see cref="CaseInsensitiveEquality"/> its string comparisons
    /// and functions fold case, as the Python engine always does.
    /// </summary>
    public bool EndgameDialect { get; init; }

    /// <summary>Lineage (<c>child of</c>...): the field naming a process, its parent's, and the create/terminate test.</summary>
    public LineageFields Lineage { get; init; } = LineageFields.Endgame;

    /// <summary>Mapped field types (path → how to read values); unmapped fields keep their JSON types.</summary>
    public IReadOnlyDictionary<string, FieldCoercion>? FieldTypes { get; init; }

    /// <summary>Field aliases (alias path → target path), as a mapping's alias fields declare.</summary>
    public IReadOnlyDictionary<string, string>? FieldAliases { get; init; }

    public static CompileOptions Default { get; } = new();
}
