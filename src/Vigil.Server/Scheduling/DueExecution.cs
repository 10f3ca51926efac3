using Vigil.Detection.Schedule;

namespace Vigil.Server.Scheduling;

/// <summary>One rule's execution to run now: the rule and its planned windows (catch-up windows first) and gap.</summary>
public sealed record DueExecution(ScheduledRule Rule, RuleExecution Plan);
