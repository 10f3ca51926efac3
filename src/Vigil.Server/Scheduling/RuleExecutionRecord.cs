namespace Vigil.Server.Scheduling;

/// <summary>What one execution of a rule did: Kibana's <c>execution_summary.last_execution</c> plus Vigil's counts.</summary>
public sealed record RuleExecutionRecord
{
    /// <summary>The execution's start (the time its windows were computed from).</summary>
    public required DateTimeOffset Date { get; init; }

    public required string Status { get; init; }

    public int StatusOrder => RuleExecutionStatus.Order(Status);

    /// <summary>Kibana's message: the errors then the warnings, or "Rule execution completed successfully".</summary>
    public required string Message { get; init; }

    /// <summary>Wall time of the whole execution, searches and alert writes.</summary>
    public long DurationMs { get; init; }

    public long SearchDurationMs { get; init; }

    public long IndexingDurationMs { get; init; }

    /// <summary>The part of a gap the catch-up windows could not cover, in seconds (null when none).</summary>
    public double? GapDurationSeconds { get; init; }

    public DateTimeOffset? GapFrom { get; init; }

    public DateTimeOffset? GapTo { get; init; }

    /// <summary>Windows searched (catch-up windows included).</summary>
    public int Windows { get; init; }

    public long AlertsCreated { get; init; }

    /// <summary>Alerts this execution built whose ids were already stored (overlapping look-backs, re-runs).</summary>
    public long Duplicates { get; init; }

    /// <summary>True for a manual run (<c>_bulk_action</c> <c>run</c>), which does not move the schedule.</summary>
    public bool Manual { get; init; }
}
