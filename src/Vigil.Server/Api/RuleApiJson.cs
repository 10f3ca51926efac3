using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Server.Scheduling;

namespace Vigil.Server.Api;

/// <summary>Rules and their execution status in the shapes of Kibana's detection-engine rule API.</summary>
public static class RuleApiJson
{
    /// <summary>A rule as Kibana's rule API returns it: the definition with its defaults, its id, and <c>execution_summary</c>.</summary>
    public static JsonObject Rule(RuleView view)
    {
        var rule = view.Prepared.Rule;
        var json = (JsonObject)rule.Definition.DeepClone();
        json["id"] = rule.Uuid;
        json["rule_id"] = rule.RuleId;
        // Only enabled rules are scheduled (a rule with enabled: false is skipped at load).
        json["enabled"] = true;
        if (view.LastExecution is { } last)
        {
            json["execution_summary"] = new JsonObject { ["last_execution"] = LastExecution(last) };
        }
        json["vigil"] = new JsonObject
        {
            ["next_run"] = view.NextRunAt is { } next ? AlertTime.ToIso(next) : null,
            ["previous_started_at"] = view.LastStartedAt is { } previous ? AlertTime.ToIso(previous) : null,
            ["executions"] = view.Executions,
            ["alerts_total"] = view.TotalAlerts,
            ["last_execution_alerts_created"] = view.LastExecution?.AlertsCreated,
            ["last_execution_alerts_already_stored"] = view.LastExecution?.Duplicates,
            ["last_execution_windows"] = view.LastExecution?.Windows,
            ["last_execution_duration_ms"] = view.LastExecution?.DurationMs,
            ["last_manual_run"] = view.LastManualRun is { } manual ? LastExecution(manual) : null,
        };
        return json;
    }

    /// <summary>Kibana's <c>execution_summary.last_execution</c>.</summary>
    public static JsonObject LastExecution(RuleExecutionRecord record)
    {
        var metrics = new JsonObject
        {
            ["total_search_duration_ms"] = record.SearchDurationMs,
            ["total_indexing_duration_ms"] = record.IndexingDurationMs,
        };
        if (record.GapDurationSeconds is { } gap)
        {
            metrics["execution_gap_duration_s"] = gap;
        }
        if (record is { GapFrom: { } from, GapTo: { } to })
        {
            metrics["gap_range"] = new JsonObject { ["gte"] = AlertTime.ToIso(from), ["lte"] = AlertTime.ToIso(to) };
        }
        return new JsonObject
        {
            ["date"] = AlertTime.ToIso(record.Date),
            ["status"] = record.Status,
            ["status_order"] = record.StatusOrder,
            ["message"] = record.Message,
            ["metrics"] = metrics,
        };
    }

    /// <summary>Kibana's error body: <c>{"statusCode":…,"error":…,"message":…}</c>.</summary>
    public static JsonObject Error(int status, string message) => new()
    {
        ["statusCode"] = status,
        ["error"] = status switch
        {
            400 => "Bad Request",
            404 => "Not Found",
            409 => "Conflict",
            500 => "Internal Server Error",
            504 => "Gateway Timeout",
            _ => "Error",
        },
        ["message"] = message,
    };
}
