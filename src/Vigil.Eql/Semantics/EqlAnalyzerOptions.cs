namespace Vigil.Eql.Semantics;

/// <summary>Options of <see cref="EqlAnalyzer"/>.</summary>
public sealed record EqlAnalyzerOptions
{
    public static EqlAnalyzerOptions Default { get; } = new();

    /// <summary>The dialect; Endgame-only constructs are errors in <see cref="EqlDialect.Elasticsearch"/>.</summary>
    public EqlDialect Dialect { get; init; } = EqlDialect.Elasticsearch;

    /// <summary>
    /// Report a field missing from the schema as an error (as Elasticsearch does against a real mapping) instead of
    /// a warning (the default: rules target many integrations whose fields no single schema lists).
    /// </summary>
    public bool UnknownFieldsAreErrors { get; init; }

    /// <summary>Endgame macros and constants the query may use (ignored in the Elasticsearch dialect).</summary>
    public Vigil.Eql.Syntax.EqlDefinitions Definitions { get; init; } = Vigil.Eql.Syntax.EqlDefinitions.Empty;
}
