using System.Diagnostics;
using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Vigil.Server.Tests.Clients;
using Vigil.Server.Tests.Fakes;
using Vigil.Server.Tests.Scheduling;
using Vigil.Simulation;

namespace Vigil.Server.Tests.EndToEnd;

/// <summary>
/// The first "done when", on the real `vigil serve` process: the official .NET client and Debian's
/// python3-elasticsearch bulk-send the example capture and a generated one; the clock-advanced schedule raises
/// exactly the alerts `vigil scan --schedule` raises over the same events (same ids), once each; signals/search
/// returns them; a status change survives a restart.
/// </summary>
public sealed class ServeEndToEndTests
{
    private static readonly DateTimeOffset ClockStart = new(2026, 11, 27, 7, 59, 0, TimeSpan.Zero);

    private const string PythonSender = """
        import json, sys
        from elasticsearch import Elasticsearch, helpers
        es = Elasticsearch(sys.argv[1], request_timeout=60)
        es.info()
        def actions():
            with open(sys.argv[2], encoding="utf-8") as lines:
                for line in lines:
                    e = json.loads(line)
                    yield {"_op_type": "create", "_index": e["index"], "_id": e["id"], "_source": json.loads(e["source"])}
        ok, errors = helpers.bulk(es, actions(), chunk_size=500, raise_on_error=False)
        print(json.dumps({"ok": ok, "errors": len(errors)}))
        """;

    [PythonElasticsearchFact]
    public async Task Both_clients_ingest_the_schedule_alerts_once_each_as_scan_does_and_a_status_change_survives_a_restart()
    {
        using var folder = new TempFolder();
        var generatedPath = folder.Sub("generated.ndjson");
        using (var output = File.Create(generatedPath))
        {
            new TelemetryGenerator(new SimulationOptions { Hosts = 5, Events = 20_000, AttackRate = 2_000, Seed = 11 }).Generate(output);
        }
        var example = BulkCapture.FromLines(File.ReadLines(RepoFiles.PathOf("examples/defend-linux-sample.ndjson")), "example-");
        var generated = BulkCapture.FromLines(File.ReadLines(generatedPath), "generated-");
        var data = folder.Sub("data");

        List<string> alerts;
        string closed;
        using (var server = await VigilProcess.StartServeAsync(data, ClockStart))
        using (var client = new ServeClient(server.BaseAddress))
        {
            // Debian's python client sends the example capture through its bulk helper.
            var pythonInput = folder.Sub("python.jsonl");
            await File.WriteAllLinesAsync(pythonInput, example.Events.Select(e => JsonSerializer.Serialize(new { index = e.Index, id = e.Id, source = e.Source })));
            var script = folder.Sub("send.py");
            await File.WriteAllTextAsync(script, PythonSender);
            using (var python = Process.Start(new ProcessStartInfo(PythonElasticsearchFactAttribute.Python, [script, server.BaseAddress.ToString(), pythonInput])
            { RedirectStandardOutput = true, RedirectStandardError = true })!)
            {
                var stdout = python.StandardOutput.ReadToEndAsync();
                var stderr = python.StandardError.ReadToEndAsync();
                await python.WaitForExitAsync();
                Assert.True(python.ExitCode == 0, await stderr);
                using var result = JsonDocument.Parse(await stdout);
                Assert.Equal(example.Events.Count, result.RootElement.GetProperty("ok").GetInt32());
                Assert.Equal(0, result.RootElement.GetProperty("errors").GetInt32());
            }

            // The official .NET client sends the generated capture.
            var es = new ElasticsearchClient(new ElasticsearchClientSettings(server.BaseAddress).RequestTimeout(TimeSpan.FromSeconds(120)));
            for (var first = 0; first < generated.Events.Count; first += 2_000)
            {
                var operations = new BulkOperationsCollection();
                foreach (var (index, id, source) in generated.Events.Skip(first).Take(2_000))
                {
                    operations.Add(new BulkCreateOperation<JsonElement>(JsonDocument.Parse(source).RootElement) { Index = index, Id = id });
                }
                var bulk = await es.BulkAsync(new BulkRequest { Operations = operations });
                Assert.True(bulk.IsValidResponse, bulk.DebugInformation);
                Assert.False(bulk.Errors);
            }

            for (var now = ClockStart.AddMinutes(5); now <= ClockStart.AddMinutes(45); now = now.AddMinutes(5))
            {
                await client.AdvanceAsync(now);
            }
            alerts = await client.AlertIdsAsync();

            // Close one shell alert through Kibana's status API.
            var shells = await client.AlertIdsAsync("""{"bool":{"must_not":{"exists":{"field":"kibana.alert.building_block_type"}}}}""");
            closed = shells[0];
            using var status = await client.PostAsync("/api/detection_engine/signals/status",
                $$"""{"signal_ids":["{{closed}}"],"status":"closed","reason":"false_positive"}""");
            Assert.True(status.IsSuccessStatusCode, await status.Content.ReadAsStringAsync());
            await server.StopAsync();
        }

        // The oracle: both captures as one `_bulk` file through scan's schedule, same execution times.
        var bulkPath = folder.Sub("all.bulk");
        using (var file = File.Create(bulkPath))
        {
            file.Write(example.Body(0, example.Events.Count));
            file.Write(generated.Body(0, generated.Events.Count));
        }
        var (exit, scanOut, scanErr) = await VigilProcess.RunAsync("scan", "--rules", RepoFiles.PathOf("rules"), "--schedule",
            "--start", ClockStart.ToString("O"), "--end", ClockStart.AddMinutes(45).ToString("O"), "--format", "jsonl", bulkPath);
        Assert.True(exit == 0, scanErr);
        var expected = scanOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("_id").GetString()!).ToList();
        Assert.True(expected.Count > 9, $"the generated capture should add attacks to the example's 3 (got {expected.Count} alerts)");
        Assert.Equal(alerts.Count, alerts.Distinct().Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), alerts.Order(StringComparer.Ordinal));

        // After a restart the closed alert is still closed, and the others still open.
        using (var server = await VigilProcess.StartServeAsync(data, ClockStart.AddMinutes(45)))
        using (var client = new ServeClient(server.BaseAddress))
        {
            Assert.Equal([closed], await client.AlertIdsAsync("""{"term":{"kibana.alert.workflow_status":"closed"}}"""));
            Assert.Equal(alerts.Count - 1, (await client.AlertIdsAsync("""{"term":{"kibana.alert.workflow_status":"open"}}""")).Count);
            await server.StopAsync();
        }
    }
}
