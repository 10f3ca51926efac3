using System.Text.Json.Nodes;
using Vigil.Detection.Json;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// An indicator match rule's per-event step: the event's values of each mapping entry looked up in the
/// <see cref="ThreatIndicatorIndex"/>, and each matched (indicator, pair) written as one <c>threat.enrichments</c>
/// entry (at most <see cref="ThreatMatchRuleMatcher.MaxEnrichments"/>).
/// </summary>
internal sealed class ThreatEnricher(ThreatIndicatorIndex index, string indicatorPath)
{
    public bool HasIndicators => index.HasIndicators;

    /// <summary>The event's enrichments (null: no indicator matches it).</summary>
    public JsonArray? Enrich(JsonObject source)
    {
        JsonArray? result = null;
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var e = 0; e < index.ByEntry.Count; e++)
        {
            var entry = index.Mapping.Entries[e];
            var (anchor, lookup) = index.ByEntry[e];
            if (lookup.Count == 0)
            {
                // No indicator for this entry: nothing of the event to read.
                continue;
            }
            var eventValues = new HashSet<string>[entry.Count];
            for (var p = 0; p < entry.Count; p++)
            {
                eventValues[p] = [.. TermValues.Scalars(source, entry[p].Field).Select(TermValues.Text)];
            }
            foreach (var value in eventValues[anchor])
            {
                if (!lookup.TryGetValue(value, out var candidates))
                {
                    continue;
                }
                foreach (var (indicator, values) in candidates)
                {
                    var all = true;
                    for (var p = 0; p < entry.Count && all; p++)
                    {
                        all = eventValues[p].Contains(values[p]) != entry[p].Negate;
                    }
                    if (!all)
                    {
                        continue;
                    }
                    for (var p = 0; p < entry.Count; p++)
                    {
                        // One named query per (indicator, pair); the same pair met through two entries counts once.
                        if (entry[p].Negate || !named.Add($"{indicator.Index}\u001f{indicator.Id}\u001f{entry[p].Field}\u001f{entry[p].Value}"))
                        {
                            continue;
                        }
                        result ??= [];
                        if (result.Count < ThreatMatchRuleMatcher.MaxEnrichments)
                        {
                            result.Add(Enrichment(indicator, entry[p].Field, source));
                        }
                    }
                }
            }
        }
        return result;
    }

    // buildEnrichments + enrichSignalWithThreatMatches: indicator object, feed name, matched {atomic, field, id, index, type}.
    private JsonObject Enrichment(ThreatIndicator indicator, string field, JsonObject source)
    {
        var at = FieldValues.Get(indicator.Source, indicatorPath);
        var indicatorObject = at.Count > 0 && at[0] is JsonObject o ? o.DeepClone() : LeafObject(indicator.Source, indicatorPath);
        var feed = new JsonObject();
        if (FieldValues.Get(indicator.Source, "threat.feed.name") is [JsonValue name, ..] && name.TryGetValue<string>(out var feedName) && feedName.Length > 0)
        {
            feed["name"] = feedName;
        }
        var atomicValues = FieldValues.Get(source, field);
        JsonNode? atomic = atomicValues.Count == 1 ? atomicValues[0]?.DeepClone() : new JsonArray([.. atomicValues.Select(v => v?.DeepClone())]);
        var matchedObject = new JsonObject();
        if (atomicValues.Count > 0)
        {
            matchedObject["atomic"] = atomic;
        }
        matchedObject["field"] = field;
        matchedObject["id"] = indicator.Id;
        matchedObject["index"] = indicator.Index;
        matchedObject["type"] = "indicator_match_rule";
        return new JsonObject { ["indicator"] = indicatorObject, ["feed"] = feed, ["matched"] = matchedObject };
    }

    // An indicator stored with dotted keys (threat.indicator.ip beside threat.indicator.type): gathered into one object.
    private static JsonNode LeafObject(JsonObject source, string path)
    {
        var result = new JsonObject();
        var prefix = path + ".";
        foreach (var (key, value) in source)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                result[key[prefix.Length..]] = value?.DeepClone();
            }
        }
        return result;
    }
}
