namespace Vigil.Eql.Compilation;

/// <summary>How <see cref="RequiredLiterals"/> reads a query: dialect and what is known of field types.</summary>
public sealed record RequiredLiteralOptions
{
    /// <summary>The default: Elasticsearch semantics, field types unknown, category stored as a JSON string.</summary>
    public static RequiredLiteralOptions Default { get; } = new();

    /// <summary>
    /// The Endgame dialect: <c>==</c> and the string functions ignore case and <c>==</c> takes wildcards.
    /// </summary>
    public bool EndgameDialect { get; init; }

    /// <summary>
    /// Whether a field holds its values as JSON strings spelled exactly as the query compares them (keyword and
    /// wildcard fields): true, false (numbers, dates, IPs, booleans: ES compares normalised values), or null when
    /// unknown. Unknown fields are treated as strings unless the compared text looks like a number, date, IP or
    /// boolean.
    /// </summary>
    public Func<string, bool?>? IsVerbatimStringField { get; init; }

    /// <summary>
    /// Whether the event category (<c>process where</c>) is stored as a JSON string equal to its name in the
    /// category field (true for Elastic Defend's <c>event.category</c> and the Endgame <c>event_type</c>).
    /// </summary>
    public bool CategoryIsStringValue { get; init; } = true;

    /// <summary>The category field, used to label the category's literal set.</summary>
    public string CategoryField { get; init; } = "event.category";
}
