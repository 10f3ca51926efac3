using System.Text.Json.Nodes;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// An indicator match rule's <c>threat_mapping</c>: entries ORed, each a list of (event field, indicator field)
/// pairs ANDed; a <c>negate</c> pair requires the event not to hold the indicator's value.
/// </summary>
public sealed record ThreatMapping(IReadOnlyList<IReadOnlyList<ThreatMapping.Pair>> Entries)
{
    public sealed record Pair(string Field, string Value, bool Negate);

    public static ThreatMapping? From(JsonObject definition, out string? problem)
    {
        problem = null;
        if (definition["threat_mapping"] is not JsonArray { Count: > 0 } mapping)
        {
            problem = "threat_match rule without threat_mapping entries";
            return null;
        }
        var entries = new List<IReadOnlyList<Pair>>();
        foreach (var item in mapping)
        {
            if (item is not JsonObject o || o["entries"] is not JsonArray { Count: > 0 } pairs)
            {
                problem = "a threat_mapping item has no entries";
                return null;
            }
            var list = new List<Pair>();
            foreach (var p in pairs)
            {
                if (p is JsonObject po && po["field"] is JsonValue f && f.TryGetValue<string>(out var field) &&
                    po["value"] is JsonValue v && v.TryGetValue<string>(out var value))
                {
                    list.Add(new Pair(field, value, po["negate"] is JsonValue n && n.TryGetValue<bool>(out var negate) && negate));
                }
                else
                {
                    problem = "a threat_mapping entry needs a field and a value";
                    return null;
                }
            }
            if (list.All(static p => p.Negate))
            {
                problem = "a threat_mapping item has only negated entries";
                return null;
            }
            entries.Add(list);
        }
        return new ThreatMapping(entries);
    }
}
