namespace Vigil.Rules;

/// <summary>A cardinality condition of a threshold rule.</summary>
public sealed record ThresholdCardinality(string Field, long Value);
