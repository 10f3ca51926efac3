namespace Vigil.Server.Scheduling;

/// <summary>
/// A rule's schedule and monitoring state, persisted in <c>rules-state.json</c> so a restart continues: the previous
/// execution's start (for the next execution's gap and catch-up windows), the next due time and the last execution.
/// </summary>
public sealed class RuleRunState
{
    public required string RuleUuid { get; init; }

    public required string RuleId { get; init; }

    /// <summary>The rule's version and a hash of its definition: a changed rule starts a new schedule.</summary>
    public required string Fingerprint { get; init; }

    public DateTimeOffset? LastStartedAt { get; set; }

    public DateTimeOffset? NextRunAt { get; set; }

    public RuleExecutionRecord? LastExecution { get; set; }

    /// <summary>The last execution of a manual run; manual runs do not move the schedule.</summary>
    public RuleExecutionRecord? LastManualRun { get; set; }

    public long Executions { get; set; }

    public long TotalAlerts { get; set; }
}
