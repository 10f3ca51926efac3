namespace Vigil.Detection.Schedule;

/// <summary>
/// One emulated rule execution: when it starts, the windows it searches (catch-up windows first, oldest first, then
/// the regular one), and the part of a gap that even the catch-up windows could not cover.
/// </summary>
public sealed record RuleExecution(
    DateTimeOffset StartedAt,
    DateTimeOffset? PreviousStartedAt,
    IReadOnlyList<TimeWindow> Windows,
    TimeSpan RemainingGap,
    TimeWindow? GapRange,
    string? GapMessage);
