using System.Text.Json.Nodes;
using Vigil.Detection.Json;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// The indicators of an indicator match rule by mapping entry: each entry's first positive pair's indicator value →
/// the indicators holding it, with their values for every pair of the entry (an indicator takes part only when each
/// of its fields holds exactly one value). An event is then looked up by its values, never scanned against every
/// indicator.
/// </summary>
internal sealed class ThreatIndicatorIndex
{
    public ThreatIndicatorIndex(ThreatMapping mapping, IReadOnlyList<ThreatIndicator> indicators)
    {
        Mapping = mapping;
        foreach (var entry in mapping.Entries)
        {
            var lookup = new Dictionary<string, List<(ThreatIndicator Indicator, string[] Values)>>(StringComparer.Ordinal);
            var anchor = entry.ToList().FindIndex(static p => !p.Negate);
            foreach (var indicator in indicators)
            {
                var values = new string[entry.Count];
                var complete = true;
                for (var p = 0; p < entry.Count && complete; p++)
                {
                    var found = FieldValues.Get(indicator.Source, entry[p].Value);
                    complete = found.Count == 1 && found[0] is JsonValue v && v.GetValueKind() != System.Text.Json.JsonValueKind.Null;
                    values[p] = complete ? TermValues.Text((JsonValue)found[0]!) : "";
                }
                if (!complete)
                {
                    continue;
                }
                if (!lookup.TryGetValue(values[anchor], out var list))
                {
                    lookup[values[anchor]] = list = [];
                }
                list.Add((indicator, values));
            }
            ByEntry.Add((anchor, lookup));
        }
    }

    public ThreatMapping Mapping { get; }

    /// <summary>Whether some entry has an indicator at all (else no event can match).</summary>
    public bool HasIndicators => ByEntry.Exists(static e => e.Lookup.Count > 0);

    public List<(int Anchor, Dictionary<string, List<(ThreatIndicator Indicator, string[] Values)>> Lookup)> ByEntry { get; } = [];
}
