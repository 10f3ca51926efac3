using System.Text.Json.Nodes;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A new_terms rule on the streaming schedule. Each match's terms are computed once; every open window that holds
/// the match keeps, per term, where it first appeared and its earliest event (the one an alert is built from), and
/// the run keeps the times each term was seen (<see cref="TermTimes"/>), which answer a window's history search
/// <c>[history_window_start, window start)</c> as the collect-all run's full list of times does.
/// </summary>
internal sealed class NewTermsScheduledRun(NewTermsSettings settings, int maxSignals, Duration interval) : IScheduledRuleTypeRun
{
    private readonly Dictionary<string, TermTimes> seen = new(StringComparer.Ordinal);

    public bool WantsMatches => true;

    public bool KeepsEvents => true;

    public bool WantsMatchesOutsideWindows => true;

    public long Held => seen.Count + windowTerms;

    private long windowTerms;

    public IRuleTypeWindow Open(TimeWindow window) => new Window(window, settings, maxSignals);

    public void Add(TimedMatch match, EventOrdinal ordinal, IReadOnlyList<IRuleTypeWindow> windows)
    {
        var combinations = TermValues.Combinations(match.Source, settings.Fields);
        if (combinations.Count == 0)
        {
            return;
        }
        var keys = new string[combinations.Count];
        for (var c = 0; c < combinations.Count; c++)
        {
            keys[c] = TermValues.Key(combinations[c]);
            if (match.Time is { } t)
            {
                if (!seen.TryGetValue(keys[c], out var times))
                {
                    seen[keys[c]] = times = new TermTimes();
                }
                times.Add(t.UtcTicks);
            }
        }
        foreach (var window in windows)
        {
            var terms = ((Window)window).Terms;
            windowTerms -= terms.Count;
            terms.Add(match, ordinal, combinations, keys);
            windowTerms += terms.Count;
        }
    }

    public WindowResult Search(IRuleTypeWindow state, RuleExecution execution)
    {
        var window = (Window)state;
        var (from, to) = NewTermsRuleMatcher.History(settings, schedule: true, window.Range, execution.StartedAt, bounded: true);
        windowTerms -= window.Terms.Count;
        var result = window.Terms.Finish(key => from < to && seen.TryGetValue(key, out var times) && times.AnyIn(from.UtcTicks, to.UtcTicks));
        // Later searches start their history no earlier than this one (history_window_start moves with the execution
        // start), and no later window starts before min(this window, this start less a look-back or an interval) (catch-up
        // windows step back by intervals from the regular one): times below those bounds can be let go or merged.
        var lookBack = execution.StartedAt - execution.Windows[^1].From;
        var step = TimeSpan.FromMilliseconds(Math.Max(interval.Milliseconds, 0));
        var earliestStart = execution.StartedAt - (lookBack > step ? lookBack : step);
        var merge = Math.Min(window.Range.From.UtcTicks, earliestStart.UtcTicks);
        if (from < to)
        {
            foreach (var (key, times) in seen)
            {
                if (times.Forget(from.UtcTicks, merge))
                {
                    seen.Remove(key);
                }
            }
        }
        return result;
    }

    private sealed class Window(TimeWindow range, NewTermsSettings settings, int maxSignals) : IRuleTypeWindow
    {
        public TimeWindow Range { get; } = range;

        // Without a history range of its own: the run's term times decide which terms are new.
        public NewTermsAccumulator Terms { get; } = new(settings, maxSignals, range, (range.From, range.From), bounded: true);
    }

    /// <summary>
    /// The times one term was seen, enough to answer "seen in [from, to)" for every later search: times below the
    /// earliest history start to come are dropped, and those below the earliest window start to come are merged into
    /// their latest (for a range that ends at or after that start, the latest of them is in it whenever any is).
    /// </summary>
    private sealed class TermTimes
    {
        private long merged = long.MinValue;
        private readonly List<long> recent = [];

        public void Add(long ticks)
        {
            if (recent.Count == 0 || recent[^1] != ticks)
            {
                recent.Add(ticks);
            }
        }

        public bool AnyIn(long from, long to)
        {
            if (merged >= from && merged < to)
            {
                return true;
            }
            foreach (var t in recent)
            {
                if (t >= from && t < to)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Drops times before <paramref name="before"/>, merges those before <paramref name="mergeBelow"/>; true when none is left.</summary>
        public bool Forget(long before, long mergeBelow)
        {
            var kept = 0;
            for (var i = 0; i < recent.Count; i++)
            {
                var t = recent[i];
                if (t < mergeBelow)
                {
                    merged = Math.Max(merged, t);
                }
                else
                {
                    recent[kept++] = t;
                }
            }
            recent.RemoveRange(kept, recent.Count - kept);
            if (merged < before)
            {
                merged = long.MinValue;
            }
            return merged == long.MinValue && recent.Count == 0;
        }
    }
}
