using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Puts an indicator match's enrichments on the event before its alert is built, as Kibana does:
/// <c>threat.enrichments</c> = the event's own enrichments (if any) followed by the new ones.
/// </summary>
internal static class ThreatEnrichments
{
    public static SourceEvent Apply(SourceEvent ev, JsonArray enrichments)
    {
        var source = (JsonObject)ev.Source.DeepClone();
        var threat = source["threat"] as JsonObject;
        if (threat is null)
        {
            threat = new JsonObject();
            source["threat"] = threat;
        }
        var all = new JsonArray();
        switch (threat["enrichments"])
        {
            case JsonArray existing:
                foreach (var e in existing) all.Add(e?.DeepClone());
                break;
            case JsonNode single:
                all.Add(single.DeepClone());
                break;
        }
        foreach (var e in enrichments) all.Add(e?.DeepClone());
        threat["enrichments"] = all;
        return ev with { Source = source };
    }
}
