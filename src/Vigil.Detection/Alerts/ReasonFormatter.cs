using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Json;

namespace Vigil.Detection.Alerts;

/// <summary>
/// <c>kibana.alert.reason</c> in Kibana's wording (reason_formatters.ts):
/// "{category} event with process {p}, parent process {pp}, file {f}, source {ip}:{port}, destination {ip}:{port},
/// by {user} on {host} created {severity} alert {name}." with absent parts left out and "with" only when one of
/// process, parent process, file, source or destination is present. An event's values are read as the EQL search's
/// <c>fields</c> return them (all values of the field, joined with ", "); a sequence shell's are read from the
/// intersection of its building blocks like lodash <c>get</c> (strings and arrays only; a number has no length).
/// </summary>
public static class ReasonFormatter
{
    private static readonly string[] Paths =
    [
        "destination.ip", "destination.port", "event.category", "file.name", "host.name",
        "process.name", "process.parent.name", "source.ip", "source.port", "user.name",
    ];

    /// <summary>The reason for an alert built from one event.</summary>
    public static string ForEvent(JsonObject source, string ruleName, string severity)
    {
        var values = new string?[Paths.Length];
        for (var i = 0; i < Paths.Length; i++)
        {
            values[i] = FieldsApiValue(source, Paths[i]);
        }
        return Compose(values, ruleName, severity);
    }

    /// <summary>The reason for a sequence shell, from the intersection of its building blocks.</summary>
    public static string ForMergedDocument(AlertSource merged, string ruleName, string severity)
    {
        var values = new string?[Paths.Length];
        for (var i = 0; i < Paths.Length; i++)
        {
            values[i] = TemplateValue(LodashGet(merged, Paths[i]));
        }
        return Compose(values, ruleName, severity);
    }

    private static string Compose(string?[] v, string name, string severity)
    {
        var (dstIp, dstPort, category, file, host, process, parent, srcIp, srcPort, user) =
            (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        var hasFieldOfInterest = dstIp is not null || dstPort is not null || file is not null || process is not null ||
                                 parent is not null || srcIp is not null || srcPort is not null;
        var s = new StringBuilder();
        if (category is not null) s.Append(category).Append(' ');
        s.Append("event");
        if (hasFieldOfInterest) s.Append(" with");
        if (process is not null) s.Append(" process ").Append(process).Append(',');
        if (parent is not null) s.Append(" parent process ").Append(parent).Append(',');
        if (file is not null) s.Append(" file ").Append(file).Append(',');
        if (srcIp is not null) s.Append(" source ").Append(srcIp);
        if (srcPort is not null) s.Append(':').Append(srcPort).Append(',');
        if (dstIp is not null) s.Append(" destination ").Append(dstIp);
        if (dstPort is not null) s.Append(':').Append(dstPort).Append(',');
        if (user is not null) s.Append(" by ").Append(user);
        if (host is not null) s.Append(" on ").Append(host);
        s.Append(" created ").Append(severity).Append(" alert ").Append(name).Append('.');
        return s.ToString();
    }

    // The fields API returns every leaf value of the path as an array; "-" alone counts as absent.
    private static string? FieldsApiValue(JsonObject source, string path)
    {
        var texts = new List<string>();
        foreach (var value in FieldValues.Get(source, path))
        {
            if (value is JsonValue jv)
            {
                texts.Add(JsText(jv));
            }
        }
        if (texts.Count == 0 || (texts.Count == 1 && texts[0] == "-"))
        {
            return null;
        }
        return string.Join(", ", texts);
    }

    private static JsonNode? LodashGet(AlertSource doc, string path)
    {
        if (doc.IsDefined(path))
        {
            return doc[path];
        }
        var segments = path.Split('.');
        if (!doc.IsDefined(segments[0]))
        {
            return null;
        }
        var node = doc[segments[0]];
        for (var i = 1; i < segments.Length && node is not null; i++)
        {
            node = node is JsonObject o ? o[segments[i]] : null;
        }
        return node;
    }

    // Kibana's getFieldTemplateValue over a lodash-got value: falsy or length-less values are absent.
    private static string? TemplateValue(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                return s.Length == 0 || s == "-" ? null : s;
            case JsonArray a:
                if (a.Count == 0 || (a.Count == 1 && a[0] is JsonValue f && f.TryGetValue<string>(out var first) && first == "-"))
                {
                    return null;
                }
                var parts = new List<string>(a.Count);
                foreach (var item in a)
                {
                    parts.Add(JsJoinElement(item));
                }
                return string.Join(", ", parts);
            default:
                return null;
        }
    }

    private static string JsJoinElement(JsonNode? item) => item switch
    {
        null => "",
        JsonValue v => JsText(v),
        JsonArray inner => string.Join(",", inner.Select(JsJoinElement)),
        _ => "[object Object]",
    };

    /// <summary>A JSON scalar as JavaScript's String() would print it.</summary>
    public static string JsText(JsonValue value)
    {
        if (value.TryGetValue<string>(out var s)) return s;
        if (value.TryGetValue<bool>(out var b)) return b ? "true" : "false";
        if (FieldValues.TryGetNumber(value, out var d))
        {
            if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
            {
                return d.ToString("0", CultureInfo.InvariantCulture);
            }
            return d.ToString("R", CultureInfo.InvariantCulture);
        }
        return value.ToJsonString();
    }
}
