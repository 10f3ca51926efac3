using Vigil.Rules;
using System.Text.Json.Nodes;
using Vigil.Detection.Schedule;

namespace Vigil.Detection.Rules;

/// <summary>
/// What the detection engine needs of a rule, in the shape of Kibana's rule API (snake_case keys, the same object a
/// Kibana NDJSON export holds per line). Kibana's defaults are applied to missing fields, so alerts carry the same
/// <c>kibana.alert.rule.*</c> values as a rule created in Kibana from the same definition.
/// </summary>
public sealed class DetectionRule
{
    private DetectionRule(JsonObject definition, string uuid, Duration interval, IReadOnlyList<string> index,
        IReadOnlyList<ExceptionListReference> exceptionsList, AlertSuppressionSettings? suppression)
    {
        Definition = definition;
        Uuid = uuid;
        Interval = interval;
        Index = index;
        ExceptionsList = exceptionsList;
        AlertSuppression = suppression;
    }

    /// <summary>The rule with Kibana's defaults filled in (snake_case, Kibana rule API shape).</summary>
    public JsonObject Definition { get; }

    /// <summary>The rule's saved-object id (<c>kibana.alert.rule.uuid</c>).</summary>
    public string Uuid { get; }

    public string RuleId => Text("rule_id") ?? "";
    public string Name => Text("name") ?? "";
    public string Type => Text("type") ?? "eql";
    public string Severity => Text("severity") ?? "low";
    public string? Query => Text("query");
    public string? Language => Text("language");
    public string From => Text("from") ?? "now-6m";
    public string To => Text("to") ?? "now";
    public string IntervalText => Text("interval") ?? "5m";
    public Duration Interval { get; }
    public int MaxSignals => Definition["max_signals"] is JsonValue v && Json.FieldValues.TryGetNumber(v, out var n) ? (int)n : 100;
    public string? TimestampOverride => Text("timestamp_override");
    public bool TimestampOverrideFallbackDisabled => Definition["timestamp_override_fallback_disabled"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
    public string? TimestampField => Text("timestamp_field");
    public IReadOnlyList<string> Index { get; }
    public IReadOnlyList<ExceptionListReference> ExceptionsList { get; }
    public AlertSuppressionSettings? AlertSuppression { get; }

    /// <summary>The field the time range is applied to (<c>timestamp_override</c>, else <c>@timestamp</c>).</summary>
    public string PrimaryTimestamp => TimestampOverride ?? "@timestamp";

    /// <summary>
    /// <c>@timestamp</c> when an override is set, differs from it and fallback is not disabled; events without the
    /// primary field are then ranged on this one instead.
    /// </summary>
    public string? SecondaryTimestamp =>
        TimestampOverride is { } o && o != "@timestamp" && !TimestampOverrideFallbackDisabled ? "@timestamp" : null;

    private string? Text(string key) => Definition[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// Builds a rule from its Kibana API JSON. <paramref name="problems"/> receives what is wrong (the rule is null
    /// then). The saved-object id is the definition's <c>id</c> when present, else <see cref="RuleUuid.FromRuleId"/>.
    /// </summary>
    public static DetectionRule? FromKibanaJson(JsonObject source, List<string> problems)
    {
        var definition = (JsonObject)source.DeepClone();
        var ruleId = definition["rule_id"] is JsonValue r && r.TryGetValue<string>(out var rid) ? rid : null;
        if (string.IsNullOrEmpty(ruleId))
        {
            problems.Add("rule has no rule_id");
            return null;
        }

        ApplyDefaults(definition);

        var intervalText = definition["interval"]!.GetValue<string>();
        if (!Duration.TryParse(intervalText, out var interval) || interval.Milliseconds <= 0)
        {
            problems.Add($"rule {ruleId}: interval \"{intervalText}\" is not a duration such as 5m");
            return null;
        }
        foreach (var key in new[] { "from", "to" })
        {
            var text = definition[key]!.GetValue<string>();
            if (!DateMath.TryEvaluate(text, DateTimeOffset.UnixEpoch, roundUp: false, out _))
            {
                problems.Add($"rule {ruleId}: {key} \"{text}\" is not date math such as now-6m");
                return null;
            }
        }

        var index = new List<string>();
        if (definition["index"] is JsonArray indexArray)
        {
            foreach (var item in indexArray)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var pattern))
                {
                    index.Add(pattern);
                }
            }
        }

        var exceptions = new List<ExceptionListReference>();
        if (definition["exceptions_list"] is JsonArray exceptionArray)
        {
            foreach (var item in exceptionArray)
            {
                if (item is JsonObject e)
                {
                    exceptions.Add(new ExceptionListReference(
                        Str(e, "id") ?? "", Str(e, "list_id") ?? "", Str(e, "namespace_type") ?? "single", Str(e, "type") ?? "detection"));
                }
            }
        }

        AlertSuppressionSettings? suppression = null;
        if (definition["alert_suppression"] is JsonObject s)
        {
            var groupBy = new List<string>();
            if (s["group_by"] is JsonArray g)
            {
                foreach (var item in g)
                {
                    if (item is JsonValue v && v.TryGetValue<string>(out var f))
                    {
                        groupBy.Add(f);
                    }
                }
            }
            TimeSpan? duration = null;
            string? durationText = null;
            if (s["duration"] is JsonObject d && d["value"] is JsonValue dv && Json.FieldValues.TryGetNumber(dv, out var amountValue) && (int)amountValue is var amount && Str(d, "unit") is { } unit)
            {
                durationText = $"{amount}{unit}";
                if (Duration.TryParse(durationText, out var parsed))
                {
                    duration = TimeSpan.FromMilliseconds(parsed.Milliseconds);
                }
                else
                {
                    problems.Add($"rule {ruleId}: alert_suppression.duration {durationText} is not valid");
                    return null;
                }
            }
            var strategy = Str(s, "missing_fields_strategy") ?? "suppress";
            suppression = new AlertSuppressionSettings(groupBy, duration, durationText, strategy != "doNotSuppress");
        }

        var uuid = Str(definition, "id") is { Length: > 0 } id ? id : RuleUuid.FromRuleId(ruleId);
        return new DetectionRule(definition, uuid, interval, index, exceptions, suppression);
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // Kibana fills these on rule creation (rule_schema defaults); alerts copy them into kibana.alert.rule.*.
    private static void ApplyDefaults(JsonObject d)
    {
        Default(d, "author", () => new JsonArray());
        Default(d, "description", () => "");
        Default(d, "enabled", () => true);
        Default(d, "false_positives", () => new JsonArray());
        Default(d, "from", () => "now-6m");
        Default(d, "to", () => "now");
        Default(d, "interval", () => "5m");
        Default(d, "immutable", () => false);
        Default(d, "max_signals", () => 100);
        Default(d, "references", () => new JsonArray());
        Default(d, "risk_score", () => 21);
        Default(d, "risk_score_mapping", () => new JsonArray());
        Default(d, "severity", () => "low");
        Default(d, "severity_mapping", () => new JsonArray());
        Default(d, "tags", () => new JsonArray());
        Default(d, "threat", () => new JsonArray());
        Default(d, "version", () => 1);
        Default(d, "exceptions_list", () => new JsonArray());
        Default(d, "related_integrations", () => new JsonArray());
        Default(d, "required_fields", () => new JsonArray());
        Default(d, "setup", () => "");
        Default(d, "type", () => "eql");
        Default(d, "language", () => "eql");
        Default(d, "actions", () => new JsonArray());
    }

    private static void Default(JsonObject d, string key, Func<JsonNode> value)
    {
        if (d[key] is null)
        {
            d[key] = value();
        }
    }
}
