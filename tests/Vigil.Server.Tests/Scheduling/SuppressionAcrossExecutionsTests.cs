using System.Text;
using System.Text.Json.Nodes;
using Vigil.Server.Alerts;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>
/// Alert suppression with a duration, across executions and a restart, against the real SQLite alert store: Kibana
/// updates the open alert with the same instance id (docs_count, suppression.end, last_detected) instead of creating
/// a new one, and creates a new one once the alert is closed or the duration has passed.
/// </summary>
public sealed class SuppressionAcrossExecutionsTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Five = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_suppressed_alert_is_extended_by_later_executions_and_after_a_restart_and_not_once_closed()
    {
        using var temp = new TempFolder();
        var rulePath = temp.Sub("suppressed.ndjson");
        var rule = new JsonObject
        {
            ["rule_id"] = "suppress-1", ["name"] = "whoami run", ["description"] = "suppression test rule",
            ["type"] = "eql", ["language"] = "eql", ["query"] = "process where process.name == \"whoami\"",
            ["index"] = new JsonArray("logs-endpoint.events.*"), ["severity"] = "low", ["risk_score"] = 21,
            ["from"] = "now-6m", ["interval"] = "5m", ["max_signals"] = 100, ["version"] = 1,
            ["alert_suppression"] = new JsonObject
            {
                ["group_by"] = new JsonArray("host.name"),
                ["duration"] = new JsonObject { ["value"] = 1, ["unit"] = "h" },
                ["missing_fields_strategy"] = "suppress",
            },
        };
        File.WriteAllText(rulePath, rule.ToJsonString() + "\n");
        var events = new FakeSegmentStore(temp.Sub("events"));
        var alertsPath = temp.Sub("alerts.db");
        var n = 0;
        void Whoami(DateTimeOffset at, string host)
        {
            var source = new JsonObject
            {
                ["@timestamp"] = Vigil.Detection.Alerts.AlertTime.ToIso(at),
                ["event"] = new JsonObject { ["category"] = new JsonArray("process"), ["type"] = new JsonArray("start"), ["action"] = "exec" },
                ["process"] = new JsonObject { ["name"] = "whoami", ["pid"] = 100 + n },
                ["host"] = new JsonObject { ["name"] = host },
            };
            events.Append([new IncomingEvent("logs-endpoint.events.process-default", "ev" + n++, Encoding.UTF8.GetBytes(source.ToJsonString()), at, at)]);
        }

        List<JsonObject> Stored(SqliteAlertStore store) =>
            [.. store.Find(null).Select(a => (JsonObject)JsonNode.Parse(a.Json)!)];

        // First service run: three executions with whoami on host a each time, one on host b.
        using (var store = new SqliteAlertStore(alertsPath))
        {
            await using var service = new SchedulerHarness(temp.Sub("data"), [rulePath], Start, events, realAlerts: store);
            await service.IdleAsync();
            Whoami(Start + TimeSpan.FromMinutes(1), "a");
            Whoami(Start + TimeSpan.FromMinutes(2), "b");
            await service.AdvanceAsync(Five);                                        // 10:05 finds a@10:01, b@10:02
            Whoami(Start + TimeSpan.FromMinutes(7), "a");
            await service.AdvanceAsync(Five);                                        // 10:10 finds a@10:07
            Whoami(Start + TimeSpan.FromMinutes(12), "a");
            await service.AdvanceAsync(Five);                                        // 10:15 finds a@10:12

            var alerts = Stored(store);
            Assert.Equal(2, alerts.Count);                                            // one per host, not four
            var a = alerts.Single(x => x["host"]!["name"]!.GetValue<string>() == "a");
            Assert.Equal(2, a["kibana.alert.suppression.docs_count"]!.GetValue<long>()); // the two later runs folded in
            Assert.Equal("2026-11-27T10:01:00.000Z", a["kibana.alert.suppression.start"]!.GetValue<string>());
            Assert.Equal("2026-11-27T10:12:00.000Z", a["kibana.alert.suppression.end"]!.GetValue<string>());
            Assert.Equal("2026-11-27T10:05:00.000Z", a["kibana.alert.start"]!.GetValue<string>());
            Assert.Equal("2026-11-27T10:15:00.000Z", a["kibana.alert.last_detected"]!.GetValue<string>());
            var b = alerts.Single(x => x["host"]!["name"]!.GetValue<string>() == "b");
            Assert.Equal(0, b["kibana.alert.suppression.docs_count"]!.GetValue<long>());
        }

        // Restarted on the same folder: the open alert of host a is still extended.
        using (var store = new SqliteAlertStore(alertsPath))
        {
            await using var service = new SchedulerHarness(temp.Sub("data"), [rulePath], Start + 3 * Five, events, realAlerts: store);
            await service.IdleAsync();
            Whoami(Start + TimeSpan.FromMinutes(17), "a");
            await service.AdvanceAsync(Five);                                        // 10:20
            var a = Stored(store).Single(x => x["host"]!["name"]!.GetValue<string>() == "a");
            Assert.Equal(3, a["kibana.alert.suppression.docs_count"]!.GetValue<long>());
            Assert.Equal("2026-11-27T10:17:00.000Z", a["kibana.alert.suppression.end"]!.GetValue<string>());

            // Closed by an analyst: the next whoami on host a is a new alert.
            var id = a["kibana.alert.uuid"]!.GetValue<string>();
            store.Update([id], doc => { doc["kibana.alert.workflow_status"] = "closed"; return true; });
            Whoami(Start + TimeSpan.FromMinutes(22), "a");
            await service.AdvanceAsync(Five);                                        // 10:25
            var onA = Stored(store).Where(x => x["host"]!["name"]!.GetValue<string>() == "a").ToList();
            Assert.Equal(2, onA.Count);
            Assert.Equal(3, onA.Single(x => x["kibana.alert.uuid"]!.GetValue<string>() == id)["kibana.alert.suppression.docs_count"]!.GetValue<long>());
            Assert.Equal(0, onA.Single(x => x["kibana.alert.uuid"]!.GetValue<string>() != id)["kibana.alert.suppression.docs_count"]!.GetValue<long>());
        }
    }
}
