using System.Text.Json.Nodes;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// An indicator match rule's hunt, streamed: each match in the window is enriched at once (a hash lookup per event
/// value) and kept only when some indicator matched it; without indicators the rule wants no event at all.
/// </summary>
internal sealed class ThreatMatchAccumulator(ThreatEnricher enricher, int maxSignals, TimeWindow window, bool bounded) : IRuleTypeAccumulator
{
    private readonly List<(TimedMatch Event, JsonArray Enrichments, EventOrdinal Ordinal)> found = [];

    public bool KeepsEvents => true;

    public bool WantsMatches => enricher.HasIndicators;

    public void Add(TimedMatch match, EventOrdinal ordinal)
    {
        if (MatchedEvents.InWindow(match, window, bounded) && enricher.Enrich(match.Source) is { Count: > 0 } enrichments)
        {
            found.Add((match, enrichments, ordinal));
        }
    }

    public WindowResult Finish()
    {
        // The collect-all run's list order (time order), numbered as it numbers its matches, then its sort.
        found.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        var numbered = new List<(TimedMatch Event, JsonArray Enrichments, int Order)>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            numbered.Add((found[i].Event, found[i].Enrichments, i));
        }
        return ThreatMatchRuleMatcher.Sorted(numbered, maxSignals);
    }
}
