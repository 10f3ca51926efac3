using System.Text.Json.Nodes;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// An indicator match rule on the streaming schedule: each match is enriched once (a hash lookup per event value)
/// and, when an indicator matched it, kept by every open window that holds it; a window's search is its kept matches
/// in time order. Nothing is kept between windows (the collect-all run keeps nothing either).
/// </summary>
internal sealed class ThreatMatchScheduledRun(ThreatEnricher enricher, int maxSignals) : IScheduledRuleTypeRun
{
    // Stands in for a kept match's parsed document, which the search does not read.
    private static readonly JsonObject Detached = [];

    public bool WantsMatches => enricher.HasIndicators;

    public bool KeepsEvents => true;

    public bool WantsMatchesOutsideWindows => false;

    public long Held { get; private set; }

    public IRuleTypeWindow Open(TimeWindow window) => new Window(window);

    public void Add(TimedMatch match, EventOrdinal ordinal, IReadOnlyList<IRuleTypeWindow> windows)
    {
        if (windows.Count == 0 || enricher.Enrich(match.Source) is not { Count: > 0 } enrichments)
        {
            return;
        }
        // The alert is built from the event's bytes, so its parsed document is let go; the enrichments are copied into
        // each alert (ThreatEnrichments.Apply), so windows can share them.
        var kept = new TimedMatch(match.Event, Detached, match.Time);
        foreach (var window in windows)
        {
            ((Window)window).Found.Add((kept, enrichments, ordinal));
        }
        Held += windows.Count;
    }

    public WindowResult Search(IRuleTypeWindow window, RuleExecution execution)
    {
        var found = ((Window)window).Found;
        // The collect-all run's list order (time order), numbered as it numbers its matches, then its sort.
        found.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        var numbered = new List<(TimedMatch Event, JsonArray Enrichments, int Order)>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            numbered.Add((found[i].Event, found[i].Enrichments, i));
        }
        Held -= found.Count;
        found.Clear();
        return ThreatMatchRuleMatcher.Sorted(numbered, maxSignals);
    }

    private sealed class Window(TimeWindow range) : IRuleTypeWindow
    {
        public TimeWindow Range { get; } = range;

        public List<(TimedMatch Event, JsonArray Enrichments, EventOrdinal Ordinal)> Found { get; } = [];
    }
}
