using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A rule type on the streaming schedule: one run per rule and input, fed each match of its query once, whatever the
/// number of open execution windows that hold it, and searched window by window in the schedule's order. It keeps,
/// per open window, the type's groups (terms, buckets, enriched matches), and between windows what Kibana keeps
/// between executions (threshold's signal history, new_terms' term times over its history window), so its results
/// are those of <see cref="IRuleTypeRun.Search"/> over every match at once.
/// </summary>
internal interface IScheduledRuleTypeRun
{
    /// <summary>False when no match can give an alert (an indicator match rule without indicators).</summary>
    bool WantsMatches { get; }

    /// <summary>Whether alerts are built from the matched events (they then need their identity).</summary>
    bool KeepsEvents { get; }

    /// <summary>Whether matches outside every open window count too (new_terms: they are the next windows' history).</summary>
    bool WantsMatchesOutsideWindows { get; }

    /// <summary>
    /// What the run holds now (its state size, for --stats): matches or groups kept by its open windows (a match in two
    /// windows counts twice) plus what it keeps between windows (history entries, terms with their times).
    /// </summary>
    long Held { get; }

    /// <summary>A window's state, opened when the schedule plans its execution.</summary>
    IRuleTypeWindow Open(TimeWindow window);

    /// <summary>
    /// One match (its range time is set) and the open, not yet searched windows that contain it (possibly none);
    /// <paramref name="ordinal"/> is its place in time order, the collect-all run's list order.
    /// </summary>
    void Add(TimedMatch match, EventOrdinal ordinal, IReadOnlyList<IRuleTypeWindow> windows);

    /// <summary>One window's search, in the schedule's order (every earlier window has been searched).</summary>
    WindowResult Search(IRuleTypeWindow window, RuleExecution execution);
}

/// <summary>The state one open execution window holds for its rule type (each run has its own kind).</summary>
internal interface IRuleTypeWindow
{
    TimeWindow Range { get; }
}
