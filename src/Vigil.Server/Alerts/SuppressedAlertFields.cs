using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Suppression;

namespace Vigil.Server.Alerts;

/// <summary>Reads and writes the suppression fields of a stored alert document (flat dotted keys, as Kibana's alerts index holds them).</summary>
internal static class SuppressedAlertFields
{
    public static StoredSuppressedAlert? Read(string id, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (Time(root, "kibana.alert.start") is not { } start)
        {
            return null;
        }
        var suppressionStart = Time(root, "kibana.alert.suppression.start") ?? start;
        var suppressionEnd = Time(root, "kibana.alert.suppression.end") ?? suppressionStart;
        var count = root.TryGetProperty("kibana.alert.suppression.docs_count", out var c) && c.TryGetInt64(out var n) ? n : 0;
        var execution = root.TryGetProperty("kibana.alert.rule.execution.uuid", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()! : "";
        return new StoredSuppressedAlert(id, execution, start, suppressionStart, suppressionEnd, count);
    }

    public static bool Write(JsonObject doc, StoredSuppressedAlert alert, DateTimeOffset lastDetected)
    {
        doc["kibana.alert.suppression.start"] = AlertTime.ToIso(alert.SuppressionStart);
        doc["kibana.alert.suppression.end"] = AlertTime.ToIso(alert.SuppressionEnd);
        doc["kibana.alert.suppression.docs_count"] = alert.DocsCount;
        doc["kibana.alert.last_detected"] = AlertTime.ToIso(lastDetected);
        return true;
    }

    private static DateTimeOffset? Time(JsonElement root, string field) =>
        root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String &&
        DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
