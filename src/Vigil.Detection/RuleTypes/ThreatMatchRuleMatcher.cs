using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Json;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Kibana's indicator match rule: the indicators (<see cref="ScanOptions.ThreatIndicators"/>) that pass
/// <c>threat_query</c> are matched against the query's events in a search window through <c>threat_mapping</c>
/// (an indicator takes part in an entry only when each of its indicator fields holds exactly one value, as Kibana's
/// filter builder requires); each event with a match becomes one alert whose <c>threat.enrichments</c> gets one
/// entry per matched (indicator, pair), at most 200.
/// </summary>
internal sealed class ThreatMatchRuleMatcher(EqlRuleMatcher query, DetectionRule rule, ThreatMapping mapping, EqlRuleMatcher? threatQuery,
    string indicatorPath) : IAggregatingRuleMatcher
{
    /// <summary>Kibana's cap on enrichments per alert (MAX_NUMBER_OF_SIGNAL_MATCHES).</summary>
    public const int MaxEnrichments = 200;

    public EqlRuleMatcher Query { get; } = query;

    public IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems) =>
        Start(MatchedEvents.Of(Query, events, rule, problems), new ScanOptions(), problems)
            .Search(new TimeWindow(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), DateTimeOffset.UnixEpoch, bounded: false).Matches;

    public IRuleTypeRun Start(IReadOnlyList<TimedMatch> matched, ScanOptions options, List<string> problems, HistoryMatches? history = null)
    {
        var indicators = Indicators(options, problems);
        return new Run(matched, new ThreatEnricher(new ThreatIndicatorIndex(mapping, indicators), indicatorPath), rule.MaxSignals);
    }

    public IRuleTypeAccumulator Accumulate(RuleExecution hunt, bool bounded, ScanOptions options, List<string> problems) =>
        new ThreatMatchAccumulator(new ThreatEnricher(new ThreatIndicatorIndex(mapping, Indicators(options, problems)), indicatorPath),
            rule.MaxSignals, hunt.Windows[0], bounded);

    IScheduledRuleTypeRun IAggregatingRuleMatcher.Schedule(ScanOptions options, List<string> problems) =>
        new ThreatMatchScheduledRun(new ThreatEnricher(new ThreatIndicatorIndex(mapping, Indicators(options, problems)), indicatorPath), rule.MaxSignals);

    // The indicators that pass threat_query.
    private IReadOnlyList<ThreatIndicator> Indicators(ScanOptions options, List<string> problems)
    {
        var indicators = options.ThreatIndicators;
        if (threatQuery is not null && indicators.Count > 0)
        {
            // Kibana searches the indicator index with threat_query and no time range of its own, so an indicator
            // without a readable @timestamp takes part unless the query itself asks for a time.
            var filter = new Vigil.Eql.Runtime.QueryRunner(threatQuery.Query);
            var kept = new List<ThreatIndicator>(indicators.Count);
            foreach (var indicator in indicators)
            {
                if (filter.Filter(System.Text.Encoding.UTF8.GetBytes(indicator.Source.ToJsonString()), indicator.Origin, indicator.Line, out var problem))
                {
                    kept.Add(indicator);
                }
                else if (problem is not null)
                {
                    problems.Add(problem.ToString());
                }
            }
            indicators = kept;
        }
        return indicators;
    }

    private sealed class Run(IReadOnlyList<TimedMatch> matched, ThreatEnricher enricher, int maxSignals) : IRuleTypeRun
    {
        public WindowResult Search(TimeWindow window, DateTimeOffset startedAt, bool bounded)
        {
            var found = new List<(TimedMatch Event, JsonArray Enrichments, int Order)>();
            for (var i = 0; i < matched.Count; i++)
            {
                var m = matched[i];
                if (MatchedEvents.InWindow(m, window, bounded) && enricher.Enrich(m.Source) is { Count: > 0 } enrichments)
                {
                    found.Add((m, enrichments, i));
                }
            }
            return Sorted(found, maxSignals);
        }
    }

    /// <summary>Elasticsearch's order for the events search (by time, then as read), cut to max_signals.</summary>
    internal static WindowResult Sorted(List<(TimedMatch Event, JsonArray Enrichments, int Order)> found, int maxSignals)
    {
        found.Sort((a, b) => a.Event.Time is { } ta && b.Event.Time is { } tb && ta != tb ? ta.CompareTo(tb) : a.Order.CompareTo(b.Order));
        var matches = found.Take(maxSignals).Select(f => new RuleMatch([f.Event.Event], false) { Enrichments = f.Enrichments }).ToList();
        return new WindowResult(matches, found.Count > maxSignals);
    }
}
