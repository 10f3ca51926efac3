using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A new_terms rule's hunt, streamed: per term (value or combination of the new-terms fields) whether the history
/// range holds it, where it first appeared in the window, and its earliest event in the window (the one an alert
/// is built from); a term seen in the history can no longer alert, so its event is let go. Memory: one entry per
/// distinct term, one event per term that may still be new.
/// </summary>
internal sealed class NewTermsAccumulator(NewTermsSettings settings, int maxSignals, TimeWindow window,
    (DateTimeOffset From, DateTimeOffset To) history, bool bounded) : IRuleTypeAccumulator
{
    private readonly Dictionary<string, Term> terms = new(StringComparer.Ordinal);

    public bool KeepsEvents => true;

    /// <summary>Terms kept (each with at most one event).</summary>
    public int Count => terms.Count;

    public bool WantsMatches => true;

    public void Add(TimedMatch match, EventOrdinal ordinal) => Add(match, ordinal, TermValues.Combinations(match.Source, settings.Fields), null);

    /// <summary>One match whose combinations (and, when given, their keys) were computed once for several windows.</summary>
    public void Add(TimedMatch match, EventOrdinal ordinal, List<JsonValue[]> combinations, string[]? keys)
    {
        var inWindow = MatchedEvents.InWindow(match, window, bounded);
        var inHistory = match.Time is { } t && history.From < history.To && t >= history.From && t < history.To;
        if (!inWindow && !inHistory)
        {
            return;
        }
        for (var c = 0; c < combinations.Count; c++)
        {
            var key = keys?[c] ?? TermValues.Key(combinations[c]);
            if (!terms.TryGetValue(key, out var term))
            {
                terms[key] = term = new Term(key);
            }
            if (inHistory)
            {
                term.SeenBefore = true;
                term.Event = null;
                term.Values = [];
            }
            if (!inWindow)
            {
                continue;
            }
            var place = new MatchPlace(ordinal, c);
            if (term.FirstSeen is not { } seen || place.CompareTo(seen) < 0)
            {
                term.FirstSeen = place;
            }
            if (!term.SeenBefore && (term.Event is null || Earlier(match.Time, ordinal, term.Time, term.Ordinal)))
            {
                term.Event = match.Event;
                term.Time = match.Time;
                term.Ordinal = ordinal;
                term.Values = Array.ConvertAll(combinations[c], TermValues.Detach);
            }
        }
    }

    public WindowResult Finish() => Finish(null);

    /// <summary>
    /// The search's result, a term also not new when <paramref name="seenInHistory"/> says so (the streaming
    /// schedule's history, kept across windows by its run).
    /// </summary>
    public WindowResult Finish(Func<string, bool>? seenInHistory)
    {
        // The collect-all run's terms in the order it met them in the window, then its sort.
        var fresh = terms.Values
            .Where(t => t.FirstSeen is not null && !t.SeenBefore && (seenInHistory is null || !seenInHistory(t.Key)))
            .OrderBy(static t => t.FirstSeen!.Value)
            .ToList();
        fresh.Sort((a, b) => TermValues.Compare(a.Values, b.Values));
        var matches = new List<RuleMatch>(Math.Min(fresh.Count, maxSignals));
        foreach (var term in fresh.Take(maxSignals))
        {
            var newTerms = new JsonArray();
            foreach (var v in term.Values)
            {
                newTerms.Add(v.DeepClone());
            }
            matches.Add(new RuleMatch([term.Event!], false) { NewTerms = newTerms });
        }
        return new WindowResult(matches, fresh.Count > maxSignals);
    }

    // The collect-all run keeps a term's first event in time order unless a later one has a strictly earlier range
    // time (an event without one never wins over one with): the least (has a time, time, ordinal).
    private static bool Earlier(DateTimeOffset? time, EventOrdinal ordinal, DateTimeOffset? knownTime, EventOrdinal knownOrdinal)
    {
        if (time is { } t)
        {
            return knownTime is not { } k || t < k || (t == k && ordinal < knownOrdinal);
        }
        return knownTime is null && ordinal < knownOrdinal;
    }

    private sealed class Term(string key)
    {
        public string Key { get; } = key;
        public bool SeenBefore { get; set; }
        public MatchPlace? FirstSeen { get; set; }
        public ScanEvent? Event { get; set; }
        public DateTimeOffset? Time { get; set; }
        public EventOrdinal Ordinal { get; set; }
        public JsonValue[] Values { get; set; } = [];
    }
}
