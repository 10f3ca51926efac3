using System.Globalization;
using System.Text.Json;
using Vigil.Server.Alerts.Search;

namespace Vigil.Server.Alerts;

/// <summary>
/// The indexed columns of one alert, read from its document. A column is NULL when its field is absent, multi-valued
/// or of another type, so a prefilter that also admits NULL never loses a match.
/// </summary>
internal sealed record AlertColumns(
    long? TimestampMs, long? OriginalTimeMs, string? RuleUuid, string? RuleId, string? RuleName, string? Severity,
    double? RiskScore, string? HostName, string? UserName, string? WorkflowStatus, bool BuildingBlock, string? GroupId,
    string? Reason)
{
    /// <summary>DSL field → (column, kind): the fields a prefilter can use.</summary>
    public static readonly IReadOnlyDictionary<string, (string Column, ColumnKind Kind)> Indexed =
        new Dictionary<string, (string, ColumnKind)>(StringComparer.Ordinal)
        {
            ["_id"] = ("id", ColumnKind.Keyword),
            ["kibana.alert.uuid"] = ("id", ColumnKind.Keyword),
            ["@timestamp"] = ("ts_ms", ColumnKind.Date),
            ["kibana.alert.original_time"] = ("original_ms", ColumnKind.Date),
            ["kibana.alert.rule.uuid"] = ("rule_uuid", ColumnKind.Keyword),
            ["kibana.alert.rule.rule_id"] = ("rule_id", ColumnKind.Keyword),
            ["kibana.alert.rule.name"] = ("rule_name", ColumnKind.Keyword),
            ["kibana.alert.severity"] = ("severity", ColumnKind.Keyword),
            ["kibana.alert.risk_score"] = ("risk_score", ColumnKind.Number),
            ["host.name"] = ("host_name", ColumnKind.Keyword),
            ["user.name"] = ("user_name", ColumnKind.Keyword),
            ["kibana.alert.workflow_status"] = ("workflow_status", ColumnKind.Keyword),
            ["kibana.alert.group.id"] = ("group_id", ColumnKind.Keyword),
        };

    public static AlertColumns Read(JsonElement root)
    {
        var values = new List<JsonElement>(2);
        return new AlertColumns(
            Date(root, "@timestamp", values),
            Date(root, "kibana.alert.original_time", values),
            Keyword(root, "kibana.alert.rule.uuid", values),
            Keyword(root, "kibana.alert.rule.rule_id", values),
            Keyword(root, "kibana.alert.rule.name", values),
            Keyword(root, "kibana.alert.severity", values),
            Number(root, "kibana.alert.risk_score", values),
            Keyword(root, "host.name", values),
            Keyword(root, "user.name", values),
            Keyword(root, "kibana.alert.workflow_status", values),
            Single(root, "kibana.alert.building_block_type", values) is not null || values.Count > 0,
            Keyword(root, "kibana.alert.group.id", values),
            Keyword(root, "kibana.alert.reason", values));
    }

    private static JsonElement? Single(JsonElement root, string field, List<JsonElement> values)
    {
        values.Clear();
        FieldResolver.Collect(root, field, values);
        return values.Count == 1 ? values[0] : null;
    }

    private static string? Keyword(JsonElement root, string field, List<JsonElement> values) =>
        Single(root, field, values) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static double? Number(JsonElement root, string field, List<JsonElement> values) =>
        Single(root, field, values) is { } v && DslValues.TryNumber(v, out var n) ? n : null;

    private static long? Date(JsonElement root, string field, List<JsonElement> values) =>
        Single(root, field, values) is { } v && DslValues.TryDate(v, out var ms) ? ms : null;
}

/// <summary>How an indexed column compares.</summary>
internal enum ColumnKind
{
    Keyword,
    Date,
    Number,
}
