using Vigil.Detection.Engine;

namespace Vigil.Server.Scheduling;

/// <summary>A consistent copy of one scheduled rule and its state, for the rule API.</summary>
public sealed record RuleView(
    PreparedRule Prepared,
    DateTimeOffset? LastStartedAt,
    DateTimeOffset? NextRunAt,
    RuleExecutionRecord? LastExecution,
    RuleExecutionRecord? LastManualRun,
    long Executions,
    long TotalAlerts);
