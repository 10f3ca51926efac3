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
        // Per term set: the latest event time of its last alert. Bounded by the groups alerted within one look-back.
        private readonly Dictionary<string, DateTimeOffset> history = new(StringComparer.Ordinal);
        private bool initialized;

        public WindowResult Search(TimeWindow window, DateTimeOffset startedAt, bool bounded)
        {
            if (initialized)
            {
                // getSignalHistory: entries whose last alert is not after this window's start cannot exclude anything.
                foreach (var key in history.Where(h => h.Value <= window.From).Select(h => h.Key).ToList())
                {
                    history.Remove(key);
                }
            }
            else if (stored is not null)
            {
                // First search of this run with a store: the history is rebuilt from the rule's stored threshold
                // alerts, as Kibana rebuilds it from its alerts index, so earlier executions (and executions before a
                // restart) count too. Each term set keeps its latest counted event time.
                foreach (var signal in stored.SignalsSince(ruleUuid, window.From))
                {
                    if (signal.LastEventTime <= window.From)
                    {
                        continue;
                    }
                    var hash = TermsHash(signal.Terms);
                    if (!history.TryGetValue(hash, out var known) || known < signal.LastEventTime)
                    {
                        history[hash] = signal.LastEventTime;
                    }
                }
            }
            initialized = true;
            var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
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
                        groups[key] = g = new Group(combination);
                    }
                    g.Add(m, settings.CardinalityField);
                }
            }
            var passing = groups.Values
                .Where(g => g.Count >= settings.Value && (settings.CardinalityField is null || g.Distinct!.Count >= settings.CardinalityValue))
                .ToList();
            passing.Sort((a, b) => TermValues.Compare(a.Values, b.Values));
            var reached = passing.Count > maxSignals;
            var matches = new List<RuleMatch>(Math.Min(passing.Count, maxSignals));
            foreach (var g in passing.Take(maxSignals))
            {
                var terms = new List<(string, JsonValue)>(settings.Fields.Count);
                for (var i = 0; i < settings.Fields.Count; i++)
                {
                    terms.Add((settings.Fields[i], g.Values[i]));
                }
                var bucket = new ThresholdBucket(terms, g.Count, g.Min, g.Max, settings.CardinalityField is null ? null : g.Distinct!.Count);
                matches.Add(new RuleMatch([], false) { Threshold = bucket });
                if (g.Max is { } last)
                {
                    var hash = TermsHash(terms);
                    history[hash] = history.TryGetValue(hash, out var known) && known > last ? known : last;
                }
            }
            return new WindowResult(matches, reached);
        }

        // The history filter: an event matching an alerted term set at or before that set's last alerted time.
        private bool Excluded(TimedMatch m, List<JsonValue[]> combinations)
        {
            if (history.Count == 0 || m.Time is not { } t)
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
                if (history.TryGetValue(TermsHash(terms), out var last) && t <= last)
                {
                    return true;
                }
            }
            return false;
        }
    }

    private sealed class Group(JsonValue[] values)
    {
        public JsonValue[] Values { get; } = values;
        public long Count { get; private set; }
        public DateTimeOffset? Min { get; private set; }
        public DateTimeOffset? Max { get; private set; }
        public HashSet<string>? Distinct { get; private set; }

        public void Add(TimedMatch m, string? cardinalityField)
        {
            Count++;
            if (m.Time is { } t)
            {
                Min = Min is { } lo && lo <= t ? lo : t;
                Max = Max is { } hi && hi >= t ? hi : t;
            }
            if (cardinalityField is not null)
            {
                Distinct ??= new HashSet<string>(StringComparer.Ordinal);
                foreach (var v in TermValues.Scalars(m.Source, cardinalityField))
                {
                    Distinct.Add(TermValues.Key([v]));
                }
            }
        }
    }
}
