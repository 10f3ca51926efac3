using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Detection.Explain;

/// <summary>Reads a field's value from an event's JSON for display (nested or dotted keys), and formats it.</summary>
public static class EventFields
{
    /// <summary>Parses an event's JSON; null when it is not an object.</summary>
    public static JsonObject? Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return Vigil.Events.Projection.StrictJson.Parse(json.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Finds <paramref name="path"/> (e.g. <c>process.parent.name</c>); <paramref name="found"/> false when absent.</summary>
    public static JsonNode? Find(JsonObject? obj, string path, out bool found)
    {
        found = false;
        if (obj is null)
        {
            return null;
        }
        if (obj.TryGetPropertyValue(path, out var direct))
        {
            found = true;
            return direct;
        }
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        while (dot > 0)
        {
            if (obj[path[..dot]] is JsonObject inner)
            {
                var value = Find(inner, path[(dot + 1)..], out found);
                if (found)
                {
                    return value;
                }
            }
            dot = path.IndexOf('.', dot + 1);
        }
        return null;
    }

    /// <summary>The value as the explanation shows it: strings quoted, <c>null</c>, numbers and arrays as JSON.</summary>
    public static string Format(JsonNode? value, bool quoteStrings = true)
    {
        if (value is null)
        {
            return "null";
        }
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return quoteStrings ? JsonSerializer.Serialize(s) : s;
        }
        return value.ToJsonString();
    }

    /// <summary>The event's time from the given field, or null.</summary>
    public static DateTimeOffset? Time(JsonObject? obj, string field)
    {
        var node = Find(obj, field, out _);
        if (node is JsonValue v)
        {
            if (v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                return t;
            }
            if (v.TryGetValue<long>(out var ms))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }
        return null;
    }
}
