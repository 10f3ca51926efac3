using System.Text.Json.Nodes;

namespace Vigil.Detection.Alerts;

/// <summary>
/// Prepares an event's <c>_source</c> for the alerts index as Kibana's <c>traverseAndMutateDoc</c> does: top-level
/// <c>kibana</c>, <c>signal</c> and <c>threshold_result</c> keys (also dotted, e.g. <c>kibana.alert.x</c>) are
/// dropped; empty arrays and objects (also those emptied by the cleaning) are dropped; every <c>event.*</c> and
/// <c>data_stream.*</c> value is copied, flattened, to <c>kibana.alert.original_event.*</c> and
/// <c>kibana.alert.original_data_stream.*</c>; then <c>event.kind</c> is removed (the alert's own is "signal").
/// Kibana also drops values that violate the ECS field types; Vigil does not check those.
/// </summary>
public static class SourceSanitizer
{
    private static readonly string[] BannedTopLevel = ["kibana", "signal", "threshold_result"];

    public static AlertSource Sanitize(JsonObject source)
    {
        var result = new AlertSource();
        var toAdd = new List<(string Key, JsonNode? Value)>();
        foreach (var (key, original) in source)
        {
            var first = key.Split('.')[0];
            if (Array.IndexOf(BannedTopLevel, first) >= 0)
            {
                continue;
            }
            var value = original?.DeepClone();
            if (!Clean(ref value))
            {
                continue;
            }
            result.Set(key, value);
            if (first is "event" or "data_stream")
            {
                var prefix = (first == "event" ? "kibana.alert.original_event" : "kibana.alert.original_data_stream") + key[first.Length..];
                Flatten(prefix, value, toAdd);
            }
        }
        foreach (var (key, value) in toAdd)
        {
            result.Set(key, value?.DeepClone());
        }
        RemoveEventKind(result);
        return result;
    }

    /// <summary>Cleans a value in place; false when it is to be dropped (an array or object left empty).</summary>
    private static bool Clean(ref JsonNode? value)
    {
        switch (value)
        {
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    var item = array[i];
                    if (!Clean(ref item))
                    {
                        array.RemoveAt(i);
                    }
                }
                return array.Count > 0;
            case JsonObject obj:
                var keys = new List<string>();
                foreach (var pair in obj)
                {
                    keys.Add(pair.Key);
                }
                foreach (var key in keys)
                {
                    var child = obj[key];
                    if (child is JsonArray or JsonObject)
                    {
                        if (!Clean(ref child))
                        {
                            obj.Remove(key);
                        }
                    }
                }
                return obj.Count > 0;
            default:
                return true;
        }
    }

    private static void Flatten(string prefix, JsonNode? value, List<(string, JsonNode?)> into)
    {
        if (value is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                Flatten(prefix + "." + key, child, into);
            }
        }
        else
        {
            into.Add((prefix, value));
        }
    }

    // Kibana's robustSet(event.kind, undefined): wherever event.kind lives (dotted or nested), it goes; a parent
    // object left empty stays.
    private static void RemoveEventKind(AlertSource doc)
    {
        if (doc.ContainsKey("event.kind"))
        {
            doc.Remove("event.kind");
            return;
        }
        if (doc["event"] is JsonObject eventObject)
        {
            eventObject.Remove("kind");
        }
    }
}
