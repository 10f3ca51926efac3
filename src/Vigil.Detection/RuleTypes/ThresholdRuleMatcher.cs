using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Kibana's threshold rule: the query's events in a search window grouped by the threshold fields (a composite
/// aggregation: one group per combination of values, events missing a field in none), groups with at least
/// <c>value</c> events (and <c>cardinality</c> distinct values) kept in composite order up to max_signals, one
/// synthetic alert per group. Between executions the signal history (per term set, the last alerted group's
/// latest event time) removes already-alerted events, so overlapping windows do not alert a group again.
/// </summary>
internal sealed class ThresholdRuleMatcher(EqlRuleMatcher query, DetectionRule rule, ThresholdSettings settings) : IAggregatingRuleMatcher
{
    public EqlRuleMatcher Query { get; } = query;

    public ThresholdSettings Settings { get; } = settings;

    public IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems) =>
        Start(MatchedEvents.Of(Query, events, rule, problems), new ScanOptions(), problems)
            .Search(new TimeWindow(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), DateTimeOffset.UnixEpoch, bounded: false).Matches;

    public IRuleTypeRun Start(IReadOnlyList<TimedMatch> matched, ScanOptions options, List<string> problems, HistoryMatches? history = null) =>
        new Run(matched, Settings, rule.MaxSignals, options.ThresholdHistory, rule.Uuid);

    public IRuleTypeAccumulator Accumulate(RuleExecution hunt, bool bounded, ScanOptions options, List<string> problems) =>
        new ThresholdAccumulator(Settings, rule.MaxSignals, hunt.Windows[0], bounded);

    IScheduledRuleTypeRun IAggregatingRuleMatcher.Schedule(ScanOptions options, List<string> problems) =>
        new ThresholdScheduledRun(Settings, rule.MaxSignals, options.ThresholdHistory, rule.Uuid);

    /// <summary>Kibana's history key of a term set: <c>field:value</c> sorted by field, comma-joined, SHA-256.</summary>
    internal static string TermsHash(IReadOnlyList<(string Field, JsonValue Value)> terms)
    {
        var sorted = terms.OrderBy(t => t.Field, StringComparer.Ordinal).Select(t => $"{t.Field}:{TermValues.Text(t.Value)}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", sorted))));
    }

    private sealed class Run(IReadOnlyList<TimedMatch> matched, ThresholdSettings settings, int maxSignals,
        IThresholdSignalHistory? stored, string ruleUuid) : IRuleTypeRun
    {
        private readonly ThresholdSignalHistory history = new(stored, ruleUuid);

        public WindowResult Search(TimeWindow window, DateTimeOffset startedAt, bool bounded)
        {
            history.StartSearch(window.From);
            var groups = new Dictionary<string, ThresholdGroup>(StringComparer.Ordinal);
            foreach (var m in matched)
            {
                if (!MatchedEvents.InWindow(m, window, bounded))
                {
                    continue;
                }
                var combinations = settings.Fields.Count == 0 ? [[]] : TermValues.Combinations(m.Source, settings.Fields);
                if (combinations.Count == 0 || Excluded(m, combinations))
                {
                    continue;
                }
                foreach (var combination in combinations)
                {
                    var key = TermValues.Key(combination);
                    if (!groups.TryGetValue(key, out var g))
                    {
                        groups[key] = g = new ThresholdGroup(combination);
                    }
                    g.Add(m.Time, settings.CardinalityField is null ? null : TermValues.Scalars(m.Source, settings.CardinalityField).Select(v => TermValues.Key([v])));
                }
            }
            return ThresholdGroup.Alerts(groups.Values, settings, maxSignals, history);
        }

        // The history filter: an event matching an alerted term set at or before that set's last alerted time.
        private bool Excluded(TimedMatch m, List<JsonValue[]> combinations)
        {
            if (history.IsEmpty || m.Time is not { } t)
            {
                return false;
            }
            foreach (var combination in combinations)
            {
                var terms = new List<(string, JsonValue)>(combination.Length);
                for (var i = 0; i < combination.Length; i++)
                {
                    terms.Add((settings.Fields[i], combination[i]));
                }
                if (history.Excludes(TermsHash(terms), t))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
