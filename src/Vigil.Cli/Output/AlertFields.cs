using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Cli.Output;

/// <summary>
/// Reads a dotted field of an alert, whether Kibana wrote it flat (<c>kibana.alert.severity</c>) or the copied
/// event holds it nested (<c>"host": {"name": ...}</c>) or partly nested.
/// </summary>
public static class AlertFields
{
    public static string Text(AlertSource source, string field)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsDefined(field))
        {
            return Scalar(source[field]);
        }
        // The longest defined prefix holds the rest of the path as nested objects.
        for (var dot = field.LastIndexOf('.'); dot > 0; dot = field.LastIndexOf('.', dot - 1))
        {
            var head = field[..dot];
            if (source.IsDefined(head))
            {
                return Scalar(Walk(source[head], field[(dot + 1)..]));
            }
        }
        return "";
    }

    private static JsonNode? Walk(JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }
        if (obj.TryGetPropertyValue(path, out var flat))
        {
            return flat;
        }
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : Walk(obj[path[..dot]], path[(dot + 1)..]);
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        // A multi-valued field: its values, comma-separated, as Kibana's table shows them.
        JsonArray a => string.Join(", ", a.Select(Scalar).Where(s => s.Length > 0)),
        _ => "",
    };
}
