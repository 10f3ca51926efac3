namespace Vigil.Eql.Semantics;

/// <summary>Which EQL the analyzer accepts.</summary>
public enum EqlDialect
{
    /// <summary>Elasticsearch's EQL: sequences, samples, head/tail pipes only.</summary>
    Elasticsearch,
    /// <summary>The original Endgame EQL: also join, lineage (<c>descendant of</c>...) and the other pipes.</summary>
    Endgame,
}
