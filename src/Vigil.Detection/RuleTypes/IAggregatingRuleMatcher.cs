using Vigil.Detection.Engine;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A rule type whose alerts depend on more than one event or on data outside the search window (threshold,
/// new_terms, threat_match): it is given every event its query matched in the rule's indices, with their times,
/// once per input, and then searched window by window.
/// </summary>
public interface IAggregatingRuleMatcher : IRuleMatcher
{
    /// <summary>The query's own matcher (KQL compiled like a query rule's), which picks the events first.</summary>
    EqlRuleMatcher Query { get; }

    /// <summary>Starts the executions over <paramref name="matched"/> (the query's matches, input order).</summary>
    /// <param name="history">The query's matches among stored events outside the given ones (serve), when there is such a store.</param>
    IRuleTypeRun Start(IReadOnlyList<TimedMatch> matched, ScanOptions options, List<string> problems, HistoryMatches? history = null);

    /// <summary>
    /// The streaming hunt's form of <see cref="Start"/> + one <see cref="IRuleTypeRun.Search"/> of the hunt's single
    /// execution (<paramref name="hunt"/>, one window; <paramref name="bounded"/> when --from or --to is given): fed the
    /// matches one by one, it keeps the rule type's groups, not the events.
    /// </summary>
    IRuleTypeAccumulator Accumulate(Schedule.RuleExecution hunt, bool bounded, ScanOptions options, List<string> problems);

    /// <summary>
    /// The streaming schedule's form of <see cref="Start"/>: fed each match once with the open windows that hold it,
    /// searched window by window (<see cref="IScheduledRuleTypeRun"/>). Not for a stored event history (serve).
    /// </summary>
    internal IScheduledRuleTypeRun Schedule(ScanOptions options, List<string> problems);
}
