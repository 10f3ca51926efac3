using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;
using Vigil.Rules;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Kibana's new_terms rule: each value (or combination of values, for 2 or 3 fields) of the new-terms fields among
/// the query's events in a search window is new when no event of the query holds it between the history window's
/// start and the window's start; one alert per new term, on its first event in the window, with
/// <c>kibana.alert.new_terms</c>. The history is the set of terms seen, each with its sorted event times.
/// </summary>
internal sealed class NewTermsRuleMatcher(EqlRuleMatcher query, DetectionRule rule, NewTermsSettings settings) : IAggregatingRuleMatcher
{
    public EqlRuleMatcher Query { get; } = query;

    public NewTermsSettings Settings { get; } = settings;

    public IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems) =>
        Start(MatchedEvents.Of(Query, events, rule, problems), new ScanOptions(), problems)
            .Search(new TimeWindow(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), DateTimeOffset.UnixEpoch, bounded: false).Matches;

    public IRuleTypeRun Start(IReadOnlyList<TimedMatch> matched, ScanOptions options, List<string> problems, HistoryMatches? history = null) =>
        new Run(matched, Settings, rule.MaxSignals, options, history);

    public IRuleTypeAccumulator Accumulate(RuleExecution hunt, bool bounded, ScanOptions options, List<string> problems) =>
        new NewTermsAccumulator(Settings, rule.MaxSignals, hunt.Windows[0], History(Settings, schedule: options.HuntIsExecution, hunt.Windows[0], hunt.StartedAt, bounded), bounded);

    IScheduledRuleTypeRun IAggregatingRuleMatcher.Schedule(ScanOptions options, List<string> problems) =>
        new NewTermsScheduledRun(Settings, rule.MaxSignals, rule.Interval);

    // Schedule: [history_window_start at the execution's start, the window's start). Hunt: the same length of
    // history before --from (history_window_start evaluated at --now, the hunt's execution time); without
    // --from the window starts before every event, so the history is empty and each term's first event alerts.
    internal static (DateTimeOffset From, DateTimeOffset To) History(NewTermsSettings settings, bool schedule, TimeWindow window,
        DateTimeOffset startedAt, bool bounded)
    {
        if (!DateMath.TryEvaluate(settings.HistoryWindowStart, startedAt, roundUp: false, out var start))
        {
            return (window.From, window.From);
        }
        if (schedule)
        {
            return (start, window.From);
        }
        if (!bounded || window.From == DateTimeOffset.MinValue)
        {
            return (window.From, window.From);
        }
        var length = startedAt - start;
        var from = window.From.Ticks - DateTimeOffset.MinValue.Ticks > length.Ticks ? window.From - length : DateTimeOffset.MinValue;
        return (from, window.From);
    }

    private sealed class Run : IRuleTypeRun
    {
        private readonly IReadOnlyList<TimedMatch> matched;
        private readonly NewTermsSettings settings;
        private readonly int maxSignals;
        private readonly ScanOptions options;
        private readonly HistoryMatches? stored;
        // Every term the query's events hold, with the times it was seen (sorted): the history searches.
        private readonly Dictionary<string, List<DateTimeOffset>> seen = new(StringComparer.Ordinal);
        private readonly List<List<JsonValue[]>> terms = [];

        public Run(IReadOnlyList<TimedMatch> matched, NewTermsSettings settings, int maxSignals, ScanOptions options, HistoryMatches? stored)
        {
            this.stored = stored;
            this.matched = matched;
            this.settings = settings;
            this.maxSignals = maxSignals;
            this.options = options;
            foreach (var m in matched)
            {
                var combinations = TermValues.Combinations(m.Source, settings.Fields);
                terms.Add(combinations);
                if (m.Time is not { } t)
                {
                    continue;
                }
                foreach (var c in combinations)
                {
                    var key = TermValues.Key(c);
                    if (!seen.TryGetValue(key, out var times))
                    {
                        seen[key] = times = [];
                    }
                    times.Add(t);
                }
            }
            foreach (var times in seen.Values)
            {
                times.Sort();
            }
        }

        public WindowResult Search(TimeWindow window, DateTimeOffset startedAt, bool bounded)
        {
            var (historyFrom, historyTo) = History(settings, options.Schedule || options.HuntIsExecution, window, startedAt, bounded);
            // Each term's first event in the window (by time, then input order): the top_hits Kibana alerts on.
            var first = new Dictionary<string, (JsonValue[] Values, int Event)>(StringComparer.Ordinal);
            for (var i = 0; i < matched.Count; i++)
            {
                var m = matched[i];
                if (!MatchedEvents.InWindow(m, window, bounded))
                {
                    continue;
                }
                foreach (var c in terms[i])
                {
                    var key = TermValues.Key(c);
                    if (!first.TryGetValue(key, out var known) || Earlier(m, matched[known.Event]))
                    {
                        first[key] = (c, i);
                    }
                }
            }
            var seenInStore = SeenInStore(first, historyFrom, historyTo);
            var fresh = first
                .Where(kv => !SeenBetween(kv.Key, historyFrom, historyTo) && !seenInStore.Contains(kv.Key))
                .Select(kv => kv.Value)
                .ToList();
            fresh.Sort((a, b) => TermValues.Compare(a.Values, b.Values));
            var matches = new List<RuleMatch>(Math.Min(fresh.Count, maxSignals));
            foreach (var (values, index) in fresh.Take(maxSignals))
            {
                var newTerms = new JsonArray();
                foreach (var v in values)
                {
                    newTerms.Add(v.DeepClone());
                }
                matches.Add(new RuleMatch([matched[index].Event], false) { NewTerms = newTerms });
            }
            return new WindowResult(matches, fresh.Count > maxSignals);
        }

        // Kibana's second phase: the window's terms searched for in the history range of the index. With a store
        // (serve) the history is read from it, keeping only the window's candidate terms that occur there, so memory
        // is bounded by the window's terms, not by the history's events.
        private HashSet<string> SeenInStore(Dictionary<string, (JsonValue[] Values, int Event)> candidates, DateTimeOffset from, DateTimeOffset to)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            if (stored is null || from >= to || candidates.Count == 0)
            {
                return found;
            }
            stored(from, to, m =>
            {
                if (found.Count == candidates.Count || m.Time is not { } t || t < from || t >= to)
                {
                    return;
                }
                foreach (var c in TermValues.Combinations(m.Source, settings.Fields))
                {
                    var key = TermValues.Key(c);
                    if (candidates.ContainsKey(key))
                    {
                        found.Add(key);
                    }
                }
            });
            return found;
        }

        private bool SeenBetween(string key, DateTimeOffset from, DateTimeOffset to)
        {
            if (from >= to || !seen.TryGetValue(key, out var times))
            {
                return false;
            }
            var at = times.BinarySearch(from);
            if (at < 0)
            {
                at = ~at;
            }
            else
            {
                while (at > 0 && times[at - 1] == from) at--;
            }
            return at < times.Count && times[at] < to;
        }

        private static bool Earlier(TimedMatch a, TimedMatch b) =>
            a.Time is { } ta && (b.Time is not { } tb || ta < tb);
    }
}
