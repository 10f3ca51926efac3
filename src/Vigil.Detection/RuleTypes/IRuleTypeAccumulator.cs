using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A rule type's hunt (one execution, one search window) fed with its query's matches as the streaming hunt finds
/// them, in input order, instead of all of them at once: it keeps terms, buckets or enriched matches, never every
/// matched event, and gives at the end what <see cref="IRuleTypeRun.Search"/> gives over the same matches in time order.
/// </summary>
public interface IRuleTypeAccumulator
{
    /// <summary>False when no match can give an alert (an indicator match rule without indicators): the hunt skips the rule's events.</summary>
    bool WantsMatches { get; }

    /// <summary>
    /// Whether matches are kept for alerts built from them (new_terms, threat_match); a threshold alert is built from
    /// its group, so its matches need no identity (<c>_index</c>, <c>_id</c>) and the hunt does not derive one.
    /// </summary>
    bool KeepsEvents { get; }

    /// <summary>One match; <paramref name="ordinal"/> is its place in time order (the collect-all run's list order).</summary>
    void Add(TimedMatch match, EventOrdinal ordinal);

    /// <summary>The search's result, as <see cref="IRuleTypeRun.Search"/> over every added match sorted by ordinal.</summary>
    WindowResult Finish();
}
