using System.Text;
using System.Text.Json.Nodes;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.EndToEnd;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>
/// threshold, new_terms and threat_match in a real server (loopback, manual clock, real SQLite alert store under
/// --data; events bulk-sent, one segment per bulk request so a test decides which segments a window overlaps):
/// what Kibana reads beyond a window's own search — threshold's signal history from the alerts, new_terms' history
/// range and threat_match's indicator index from the events — is read from the stores, also after a restart.
/// Every rule runs every 5 minutes over the last 10 (5 minutes of overlap); expected values are worked out in the
/// comments from the event times.
/// </summary>
public sealed class RuleTypeHistoryInServeTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset At(string hhmm) =>
        DateTimeOffset.Parse("2026-11-27T" + hhmm + ":00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Rule(string id, string type, string query, string index) => new()
    {
        ["rule_id"] = id, ["name"] = id, ["description"] = "history test rule", ["type"] = type, ["language"] = "kuery",
        ["query"] = query, ["index"] = new JsonArray(index), ["severity"] = "low", ["risk_score"] = 21,
        ["from"] = "now-10m", ["interval"] = "5m", ["max_signals"] = 100, ["version"] = 1,
    };

    [Fact]
    public async Task Threshold_history_comes_from_the_alert_store_across_overlapping_executions_and_a_restart()
    {
        using var temp = new TempFolder();
        var rule = Rule("threshold-1", "threshold", "event.action:\"ssh_login\" and event.outcome:\"failure\"", "logs-system.auth-*");
        rule["threshold"] = new JsonObject { ["field"] = new JsonArray("user.name"), ["value"] = 3 };
        await using var host = new HistoryHost(temp, rule);
        var bulk = new Bulk("logs-system.auth-default");
        JsonObject Failure(string at) => new()
        {
            ["@timestamp"] = At(at).ToString("O"), ["event"] = new JsonObject { ["action"] = "ssh_login", ["outcome"] = "failure", ["category"] = new JsonArray("authentication") },
            ["user"] = new JsonObject { ["name"] = "root" }, ["source"] = new JsonObject { ["ip"] = "10.1.1." + at[^1] },
        };

        await host.StartAsync(Start);
        await host.BulkAsync(bulk.Of(Failure("10:01"), Failure("10:02"), Failure("10:03")));
        // 10:05 over [09:55, 10:05]: root has 3 failures (10:01-10:03) → alert 1, count 3, last event 10:03.
        await host.AdvanceAsync(At("10:05"));
        var alerts = await host.AlertsAsync();
        Assert.Single(alerts);
        Assert.Equal(3, alerts[0]["kibana.alert.threshold_result"]!["count"]!.GetValue<long>());
        Assert.Equal("2026-11-27T10:03:00.000Z", alerts[0]["kibana.alert.original_time"]!.GetValue<string>());

        await host.BulkAsync(bulk.Of(Failure("10:06"), Failure("10:07")));
        // 10:10 over [10:00, 10:10]: 5 failures, but the stored alert's last event 10:03 is after 10:00, so 10:01-10:03
        // are already counted: 2 left (10:06, 10:07) < 3 → nothing. (Without the history: 5 ≥ 3, a second alert.)
        await host.AdvanceAsync(At("10:10"));
        Assert.Single(await host.AlertsAsync());

        await host.BulkAsync(bulk.Of(Failure("10:11")));
        // 10:15 over [10:05, 10:15]: the history entry (10:03) is not after 10:05, so it is dropped; 10:06, 10:07,
        // 10:11 → alert 2, count 3, from 10:06, last event 10:11.
        await host.AdvanceAsync(At("10:15"));
        alerts = await host.AlertsAsync();
        Assert.Equal(2, alerts.Count);
        var second = alerts.Single(a => a["kibana.alert.original_time"]!.GetValue<string>() == "2026-11-27T10:11:00.000Z");
        Assert.Equal(3, second["kibana.alert.threshold_result"]!["count"]!.GetValue<long>());
        Assert.Equal("2026-11-27T10:06:00.000Z", second["kibana.alert.threshold_result"]!["from"]!.GetValue<string>());

        // Restarted on the same --data (and the same segments): nothing of the history is held in memory.
        await host.RestartAsync(At("10:15"));
        await host.BulkAsync(bulk.Of(Failure("10:16"), Failure("10:17")));
        // 10:20 over [10:10, 10:20]: 10:11 was counted by alert 2 (last event 10:11, after 10:10): 10:16, 10:17 left,
        // 2 < 3 → nothing. (Without the stored history: 10:11, 10:16, 10:17 → a third alert.)
        await host.AdvanceAsync(At("10:20"));
        Assert.Equal(2, (await host.AlertsAsync()).Count);

        await host.BulkAsync(bulk.Of(Failure("10:21")));
        // 10:25 over [10:15, 10:25]: the entry 10:11 is not after 10:15; 10:16, 10:17, 10:21 → alert 3, count 3.
        await host.AdvanceAsync(At("10:25"));
        alerts = await host.AlertsAsync();
        Assert.Equal(3, alerts.Count);
        Assert.Contains(alerts, a => a["kibana.alert.original_time"]!.GetValue<string>() == "2026-11-27T10:21:00.000Z" &&
            a["kibana.alert.threshold_result"]!["count"]!.GetValue<long>() == 3);
    }

    [Fact]
    public async Task New_terms_history_is_read_from_segments_outside_the_window_and_after_a_restart()
    {
        using var temp = new TempFolder();
        var rule = Rule("new-terms-1", "new_terms", "event.action:\"logged-in\"", "logs-system.auth-*");
        rule["new_terms_fields"] = new JsonArray("user.name");
        rule["history_window_start"] = "now-1d";
        await using var host = new HistoryHost(temp, rule);
        var bulk = new Bulk("logs-system.auth-default");
        JsonObject Login(string user, DateTimeOffset at, bool oldIngest = false)
        {
            var e = new JsonObject { ["action"] = "logged-in", ["category"] = new JsonArray("authentication") };
            if (oldIngest)
            {
                // Ingested then too, so its segment's times end two hours before every window.
                e["ingested"] = at.ToString("O");
            }
            return new JsonObject { ["@timestamp"] = at.ToString("O"), ["event"] = e, ["user"] = new JsonObject { ["name"] = user } };
        }

        await host.StartAsync(Start);
        // alice logged in at 08:00: a segment of its own whose times (08:00) overlap no window below.
        await host.BulkAsync(bulk.Of(Login("alice", At("08:00"), oldIngest: true)));
        await host.BulkAsync(bulk.Of(Login("alice", At("10:02")), Login("bob", At("10:02"))));
        // 10:05 over [09:55, 10:05], history [yesterday 10:05, 09:55): alice is there (08:00) → not new; bob is new.
        await host.AdvanceAsync(At("10:05"));
        var alerts = await host.AlertsAsync();
        Assert.Equal(["bob"], alerts.Select(a => a["kibana.alert.new_terms"]![0]!.GetValue<string>()));
        // The window's own segments do not hold alice@08:00: only the history read found it.
        Assert.All(host.Segments.Overlapping(At("09:55"), At("10:05")), s => Assert.True(s.MinTime > At("08:00")));

        // 10:10 over [10:00, 10:10]: bob's 10:02 is in the window again and not in the history [.., 10:00): new again,
        // on the same event, so the same id: nothing new is stored.
        await host.AdvanceAsync(At("10:10"));
        Assert.Single(await host.AlertsAsync());

        await host.BulkAsync(bulk.Of(Login("bob", At("10:12"))));
        // 10:15 over [10:05, 10:15]: bob at 10:12, seen at 10:02 (history [.., 10:05)) → not new.
        await host.AdvanceAsync(At("10:15"));
        Assert.Single(await host.AlertsAsync());

        await host.RestartAsync(At("10:15"));
        await host.BulkAsync(bulk.Of(Login("alice", At("10:17")), Login("carol", At("10:17"))));
        // 10:20 over [10:10, 10:20] after the restart: alice (08:00, 10:02) and bob are history; carol is new.
        await host.AdvanceAsync(At("10:20"));
        alerts = await host.AlertsAsync();
        Assert.Equal(["bob", "carol"], alerts.Select(a => a["kibana.alert.new_terms"]![0]!.GetValue<string>()).Order());
    }

    // A threat_match rule over network events whose destination.ip is matched against ipv4 indicators of logs-ti_*.
    private static JsonObject AddressIndicatorRule(string id)
    {
        var rule = Rule(id, "threat_match", "destination.ip:*", "logs-endpoint.events.network-*");
        rule["threat_index"] = new JsonArray("logs-ti_*");
        rule["threat_query"] = "threat.indicator.type:\"ipv4-addr\"";
        rule["threat_mapping"] = new JsonArray(new JsonObject
        {
            ["entries"] = new JsonArray(new JsonObject { ["field"] = "destination.ip", ["type"] = "mapping", ["value"] = "threat.indicator.ip" }),
        });
        return rule;
    }

    [Fact]
    public async Task Threat_match_takes_its_indicators_from_the_stored_indicator_index()
    {
        using var temp = new TempFolder();
        var rule = AddressIndicatorRule("threat-1");
        await using var host = new HistoryHost(temp, rule);
        JsonObject Indicator(string ip, string type, bool timestamp = true)
        {
            var o = new JsonObject
            {
                ["event"] = new JsonObject { ["kind"] = "enrichment", ["category"] = new JsonArray("threat") },
                ["threat"] = new JsonObject { ["indicator"] = new JsonObject { ["ip"] = ip, ["type"] = type }, ["feed"] = new JsonObject { ["name"] = "AbuseCH Malware" } },
            };
            if (timestamp)
            {
                o["@timestamp"] = At("09:00").ToString("O");
            }
            return o;
        }
        JsonObject Connection(string ip) => new()
        {
            ["@timestamp"] = At("10:02").ToString("O"), ["event"] = new JsonObject { ["category"] = new JsonArray("network") },
            ["destination"] = new JsonObject { ["ip"] = ip }, ["host"] = new JsonObject { ["name"] = "ws-1" },
        };

        await host.StartAsync(Start);
        await host.BulkAsync(new Bulk("logs-ti_abusech.malware-default").Of(
            Indicator("203.0.113.7", "ipv4-addr"),
            Indicator("203.0.113.8", "ipv4-addr", timestamp: false),   // no @timestamp: Kibana's indicator search has no time range
            Indicator("203.0.113.9", "domain-name")));                   // refused by threat_query
        await host.BulkAsync(new Bulk("logs-other-default").Of(Indicator("203.0.113.10", "ipv4-addr"))); // not a threat_index
        await host.BulkAsync(new Bulk("logs-endpoint.events.network-default").Of(
            Connection("203.0.113.7"), Connection("203.0.113.8"), Connection("203.0.113.9"), Connection("203.0.113.10"), Connection("198.51.100.1")));
        // 10:05 over [09:55, 10:05]: the connections to .7 and .8 match an indicator of logs-ti_* that passes threat_query.
        await host.AdvanceAsync(At("10:05"));
        var alerts = await host.AlertsAsync();
        var matched = alerts.Select(a => a["destination"]!["ip"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["203.0.113.7", "203.0.113.8"], matched);
        foreach (var alert in alerts)
        {
            var enrichment = Assert.Single(alert["threat"]!["enrichments"]!.AsArray())!;
            Assert.Equal(alert["destination"]!["ip"]!.GetValue<string>(), enrichment["matched"]!["atomic"]!.GetValue<string>());
            Assert.Equal("logs-ti_abusech.malware-default", enrichment["matched"]!["index"]!.GetValue<string>());
            Assert.Equal("AbuseCH Malware", enrichment["feed"]!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Threat_match_also_takes_the_indicators_of_threat_files()
    {
        using var temp = new TempFolder();
        var rule = AddressIndicatorRule("threat-2");
        var file = temp.Sub("indicators.ndjson");
        File.WriteAllText(file, """{"_index":"feed-export","_id":"ind-1","_source":{"threat":{"indicator":{"ip":"203.0.113.20","type":"ipv4-addr"}}}}""" + "\n");
        await using var host = new HistoryHost(temp, rule) { Threat = [file] };

        await host.StartAsync(Start);
        await host.BulkAsync(new Bulk("logs-endpoint.events.network-default").Of(
            new JsonObject { ["@timestamp"] = At("10:02").ToString("O"), ["destination"] = new JsonObject { ["ip"] = "203.0.113.20" } },
            new JsonObject { ["@timestamp"] = At("10:02").ToString("O"), ["destination"] = new JsonObject { ["ip"] = "203.0.113.21" } }));
        // 10:05 over [09:55, 10:05]: nothing is stored in logs-ti_*, the file's indicator matches .20 only.
        await host.AdvanceAsync(At("10:05"));
        var alert = Assert.Single(await host.AlertsAsync());
        var matched = alert["threat"]!["enrichments"]![0]!["matched"]!;
        Assert.Equal("ind-1", matched["id"]!.GetValue<string>());
        Assert.Equal("feed-export", matched["index"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_window_shared_by_a_streaming_rule_and_a_threshold_rule_alerts_for_both()
    {
        using var temp = new TempFolder();
        var query = Rule("query-1", "query", "event.action:\"ssh_login\" and event.outcome:\"failure\"", "logs-system.auth-*");
        var threshold = Rule("threshold-2", "threshold", "event.action:\"ssh_login\" and event.outcome:\"failure\"", "logs-system.auth-*");
        threshold["threshold"] = new JsonObject { ["field"] = new JsonArray("user.name"), ["value"] = 2 };
        await using var host = new HistoryHost(temp, query, threshold);
        JsonObject Failure(string at, string user) => new()
        {
            ["@timestamp"] = At(at).ToString("O"), ["event"] = new JsonObject { ["action"] = "ssh_login", ["outcome"] = "failure" },
            ["user"] = new JsonObject { ["name"] = user },
        };

        await host.StartAsync(Start);
        await host.BulkAsync(new Bulk("logs-system.auth-default").Of(Failure("10:01", "root"), Failure("10:02", "root"), Failure("10:03", "guest")));
        // 10:05 over [09:55, 10:05]: the query rule alerts on each of the 3 failures; the threshold rule once, for root (2).
        await host.AdvanceAsync(At("10:05"));
        var alerts = await host.AlertsAsync();
        var byRule = alerts.GroupBy(a => a["kibana.alert.rule.rule_id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(3, byRule["query-1"].Count);
        var bucket = Assert.Single(byRule["threshold-2"]);
        Assert.Equal("root", bucket["kibana.alert.threshold_result"]!["terms"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(2, bucket["kibana.alert.threshold_result"]!["count"]!.GetValue<long>());
        Assert.DoesNotContain(host.Log, line => line.Contains("failed", StringComparison.Ordinal));
    }

    /// <summary>NDJSON _bulk bodies of create actions into one index, with ids numbered per index.</summary>
    private sealed class Bulk(string index)
    {
        private int next;

        public byte[] Of(params JsonObject[] sources)
        {
            var b = new StringBuilder();
            foreach (var s in sources)
            {
                b.Append("{\"create\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"").Append(index).Append('-').Append(next++).Append("\"}}\n");
                b.Append(s.ToJsonString()).Append('\n');
            }
            return Encoding.UTF8.GetBytes(b.ToString());
        }
    }

    /// <summary>
    /// A real server on loopback with a manual clock over one --data folder (the SQLite alert store and rule state
    /// there), one rule file, and an event store that makes each bulk request one segment and outlives restarts.
    /// </summary>
    private sealed class HistoryHost(TempFolder temp, params JsonObject[] rule) : IAsyncDisposable
    {
        private readonly string rules = WriteRules(temp, rule);
        private VigilServer? server;
        private ServeClient? client;

        public FakeSegmentStore Segments { get; } = new(temp.Sub("segments"));

        public List<string> Log { get; } = [];

        /// <summary>Indicator files given as <c>--threat</c>.</summary>
        public IReadOnlyList<string> Threat { get; init; } = [];

        public async Task StartAsync(DateTimeOffset now)
        {
            var options = new ServerOptions { DataDirectory = temp.Sub("data"), Listen = "127.0.0.1:0", Rules = [rules], ManualClockStart = now, Threat = Threat };
            server = await VigilServer.StartAsync(options, line => { lock (Log) { Log.Add(line); } }, new ServerStores { Events = _ => Segments });
            client = new ServeClient(server.BaseAddress);
            await client.AdvanceAsync(now);
        }

        public async Task RestartAsync(DateTimeOffset now)
        {
            await StopAsync();
            await StartAsync(now);
        }

        public async Task BulkAsync(byte[] body)
        {
            var acknowledged = await client!.BulkAsync(body);
            Assert.NotNull(acknowledged);
        }

        public Task AdvanceAsync(DateTimeOffset now) => client!.AdvanceAsync(now);

        public async Task<List<JsonObject>> AlertsAsync()
        {
            using var response = await client!.PostAsync("/api/detection_engine/signals/search", """{"size":10000,"query":{"match_all":{}}}""");
            response.EnsureSuccessStatusCode();
            var doc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return [.. doc["hits"]!["hits"]!.AsArray().Select(h => (JsonObject)h!["_source"]!)];
        }

        public async ValueTask DisposeAsync() => await StopAsync();

        private async Task StopAsync()
        {
            client?.Dispose();
            client = null;
            if (server is not null)
            {
                await server.DisposeAsync();
                server = null;
            }
        }

        private static string WriteRules(TempFolder temp, JsonObject[] rules)
        {
            var path = temp.Sub("rules.ndjson");
            File.WriteAllText(path, string.Concat(rules.Select(r => r.ToJsonString() + "\n")));
            return path;
        }
    }
}
