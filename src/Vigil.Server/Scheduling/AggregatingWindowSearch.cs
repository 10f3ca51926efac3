using System.Diagnostics;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.RuleTypes;
using Vigil.Detection.Schedule;
using Vigil.Events.Prefilter;
using Vigil.Server.Store;

namespace Vigil.Server.Scheduling;

/// <summary>
/// Searches one window for the rule types that aggregate (threshold, new_terms, threat_match), which cannot stream:
/// the window's events of their indices (through the union of their prefilters) are read from the store once and
/// each rule runs over them in the detection layer's collect-all engine as the hunt execution at the window's start
/// (the same alert builder, ids and fields as <c>scan --schedule</c>), with what Kibana reads beyond the window's
/// search taken from the stores: threshold's signal history from the alert store, new_terms' history range and
/// threat_match's indicators from the event store.
/// </summary>
internal static class AggregatingWindowSearch
{
    public static WindowSearchResult Run(IEventStore store, IReadOnlyList<PreparedRule> rules, TimeWindow window,
        DateTimeOffset startedAt, ScanOptions shared, int threads)
    {
        var watch = Stopwatch.StartNew();
        var segments = store.Overlapping(window.From, window.To);
        var requirements = new List<LineRequirement>();
        var unconstrained = false;
        foreach (var rule in rules)
        {
            unconstrained |= rule.Prefilter.PassesEverything;
            requirements.AddRange(rule.Prefilter.Requirements);
        }
        var union = unconstrained ? null : LinePrefilter.Create(requirements);
        var events = new List<ScanEvent>();
        var problems = StoredEventBatches.Read(segments, union, threads,
            index => rules.Any(r => r.Indices.IsEmpty || r.Indices.Matches(index)), events.AddRange);

        var history = new StoreEventHistory(store, threads);
        var options = WindowSearch.AsExecution(shared, window, startedAt) with { HuntIsExecution = true, EventHistory = history };
        var engine = new DetectionEngine();
        var result = new ScanResult();
        var byRule = new List<IReadOnlyList<AlertDocument>>(rules.Count);
        // Indicators read once per distinct threat_index list in this pass (several rules often share logs-ti_*).
        var indicators = new Dictionary<string, List<ThreatIndicator>>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var ruleOptions = options;
            if (rule.Rule.Type == "threat_match")
            {
                var patterns = StoredIndicators.PatternsOf(rule);
                var key = string.Join('\n', patterns);
                if (!indicators.TryGetValue(key, out var found))
                {
                    indicators[key] = found = StoredIndicators.For(patterns, store, shared.ThreatIndicators, threads, problems);
                }
                ruleOptions = options with { ThreatIndicators = found };
            }
            var one = engine.Run([rule], events, ruleOptions);
            byRule.Add(one.Alerts);
            result.Alerts.AddRange(one.Alerts);
            result.Messages.AddRange(one.Messages);
            result.EventProblems.AddRange(one.EventProblems);
            result.Stats.AddRange(one.Stats);
        }
        problems.AddRange(history.Problems);
        problems.AddRange(result.EventProblems.Distinct());
        return new WindowSearchResult(result, byRule, segments.Count, events.Count, 0, problems, watch.Elapsed);
    }
}
