using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.RuleTypes;

namespace Vigil.Server.Alerts;

/// <summary>Threshold rules' signal history, read back from their stored alerts.</summary>
public sealed partial class SqliteAlertStore : IThresholdSignalHistory
{
    /// <summary>
    /// The rule's threshold alerts whose original time (the bucket's last event) is at or after <paramref name="since"/>,
    /// as Kibana's <c>buildPreviousThresholdAlertRequest</c> selects them (rule uuid, <c>original_time gte from</c>),
    /// plus suppressed ones whose <c>suppression.end</c> is: a later bucket suppressed into an alert counted events
    /// up to that end, so they are not counted again either.
    /// </summary>
    public IReadOnlyList<ThresholdSignal> SignalsSince(string ruleUuid, DateTimeOffset since)
    {
        using var connection = Open();
        using var command = Command(connection, """
            SELECT doc FROM alerts
            WHERE rule_uuid = $rule
              AND json_extract(doc, '$."kibana.alert.threshold_result"') IS NOT NULL
              AND (original_ms >= $since OR json_extract(doc, '$."kibana.alert.suppression.end"') >= $sinceIso)
            """);
        command.Parameters.AddWithValue("$rule", ruleUuid);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$sinceIso", AlertTime.ToIso(since));
        var result = new List<ThresholdSignal>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Signal(reader.GetString(0)) is { } signal)
            {
                result.Add(signal);
            }
        }
        return result;
    }

    private static ThresholdSignal? Signal(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject doc || doc["kibana.alert.threshold_result"] is not JsonObject thresholdResult)
        {
            return null;
        }
        var terms = new List<(string Field, JsonValue Value)>();
        if (thresholdResult["terms"] is JsonArray list)
        {
            foreach (var item in list)
            {
                if (item is JsonObject term && term["field"] is JsonValue f && f.TryGetValue<string>(out var field) && term["value"] is JsonValue value)
                {
                    terms.Add((field, (JsonValue)value.DeepClone()));
                }
            }
        }
        DateTimeOffset? last = null;
        foreach (var key in new[] { "kibana.alert.original_time", "kibana.alert.suppression.end" })
        {
            if (AlertTime.TryRead(doc, key, out var t) && (last is null || t > last))
            {
                last = t;
            }
        }
        return last is { } at ? new ThresholdSignal(terms, at) : null;
    }
}
