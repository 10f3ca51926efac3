namespace Vigil.Detection.Rules;

/// <summary>
/// A rule's <c>alert_suppression</c>: alerts with equal <see cref="GroupBy"/> values are merged into one. With a
/// <see cref="Duration"/> the window spans executions; without one, suppression is per rule execution.
/// </summary>
public sealed record AlertSuppressionSettings(
    IReadOnlyList<string> GroupBy,
    TimeSpan? Duration,
    string? DurationText,
    bool SuppressMissingFields);
