namespace Vigil.Server.Scheduling;

/// <summary>What a manual run (<c>_bulk_action</c> <c>run</c>) did: per rule found, its executions; the ids not found.</summary>
public sealed record ManualRunOutcome(
    IReadOnlyList<(RuleView Rule, IReadOnlyList<RuleExecutionRecord> Executions)> Ran,
    IReadOnlyList<string> NotFound);
