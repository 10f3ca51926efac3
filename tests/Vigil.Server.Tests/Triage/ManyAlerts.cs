using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;
using Vigil.Server.Alerts;

namespace Vigil.Server.Tests.Triage;

/// <summary>A store full of real single-event alerts (the engine's own builder), for the first-load measurement.</summary>
internal static class ManyAlerts
{
    public static void Write(string databasePath, int count, DateTimeOffset end)
    {
        var problems = new List<string>();
        var severities = new[] { "low", "medium", "high", "critical" };
        var rules = severities.Select((severity, i) => DetectionRule.FromKibanaJson(new JsonObject
        {
            ["rule_id"] = $"00000000-0000-4000-8000-00000000000{i}",
            ["name"] = $"Load rule {i} ({severity})",
            ["description"] = "first-load measurement",
            ["type"] = "eql",
            ["language"] = "eql",
            ["query"] = "process where true",
            ["index"] = new JsonArray("logs-endpoint.events.process-*"),
            ["severity"] = severity,
            ["risk_score"] = 21 + 25 * i,
            ["from"] = "now-9m",
            ["interval"] = "5m",
            ["note"] = "## Triage\n\nLook at {{host.name}}.",
            ["version"] = 1,
        }, problems)!).ToList();
        Assert.Empty(problems);
        var alerts = new List<AlertDocument>(count);
        for (var i = 0; i < count; i++)
        {
            // Spread over the last day, a minute apart at most.
            var at = end - TimeSpan.FromSeconds(8.64 * (count - i));
            var time = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var source = new JsonObject
            {
                ["@timestamp"] = time,
                ["event"] = new JsonObject { ["kind"] = "event", ["category"] = new JsonArray("process"), ["id"] = "load-" + i },
                ["host"] = new JsonObject { ["name"] = $"host-{i % 37}" },
                ["user"] = new JsonObject { ["name"] = $"user-{i % 11}" },
                ["process"] = new JsonObject { ["name"] = "proc" + (i % 7), ["pid"] = 1000 + i },
            };
            var context = new AlertExecutionContext { StartedAt = at, AlertTimestamp = at, ExecutionUuid = "load-" + i };
            alerts.Add(new AlertBuilder(rules[i % rules.Count], context).BuildSingle(new SourceEvent("logs-endpoint.events.process-default", "load-" + i, source))!);
        }
        using var store = new SqliteAlertStore(databasePath);
        Assert.Equal(count, store.WriteNew(alerts).Count);
    }
}
