using System.Text.Json.Nodes;

namespace Vigil.Detection.Alerts;

/// <summary>
/// <c>kibana.alert.rule.parameters</c>: the rule's params in snake_case, common ones first then the EQL-specific
/// ones, in Kibana's order (<c>commonParamsCamelToSnake</c> + <c>typeSpecificCamelToSnake</c>, minus output_index).
/// </summary>
public static class RuleParameters
{
    private static readonly string[] Common =
    [
        "description", "risk_score", "severity", "building_block_type", "namespace", "note", "license",
        "timeline_id", "timeline_title", "meta", "rule_name_override", "timestamp_override",
        "timestamp_override_fallback_disabled", "investigation_fields", "author", "false_positives", "from", "rule_id",
        "max_signals", "risk_score_mapping", "severity_mapping", "threat", "to", "references", "version",
        "exceptions_list", "immutable", "rule_source", "related_integrations", "required_fields", "response_actions",
        "setup",
    ];

    private static readonly string[] Eql =
    [
        "type", "language", "index", "data_view_id", "query", "filters", "event_category_override",
        "timestamp_field", "tiebreaker_field", "alert_suppression",
    ];

    public static JsonObject Build(JsonObject definition)
    {
        var p = new JsonObject();
        foreach (var key in Common)
        {
            if (key == "rule_source" && definition["rule_source"] is null)
            {
                var immutable = definition["immutable"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
                p[key] = immutable
                    ? new JsonObject { ["type"] = "external", ["is_customized"] = false }
                    : new JsonObject { ["type"] = "internal" };
                continue;
            }
            if (definition[key] is { } value)
            {
                p[key] = value.DeepClone();
            }
        }
        foreach (var key in Eql)
        {
            if (definition[key] is { } value)
            {
                p[key] = value.DeepClone();
            }
        }
        return p;
    }
}
