namespace Vigil.Rules;

/// <summary>How long alerts are suppressed: a number and a unit (<c>s</c>, <c>m</c>, <c>h</c>).</summary>
public sealed record SuppressionDuration(long Value, string Unit);
