using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;
using Vigil.Server.Alerts.Search;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Alerts;

/// <summary>
/// 10,000 alerts (copies of a real one with their own ids, times and hosts): counts checked by construction, timings
/// printed for docs (not asserted: a shared machine's timings are not a test).
/// </summary>
public sealed class AlertStoreFigures(ITestOutputHelper output)
{
    private const int Total = 10_000;

    [Fact]
    public void Ten_thousand_alerts_written_searched_and_updated()
    {
        using var dir = new TempDirectory();
        var template = AlertSamples.Hand()["a1"];
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var alerts = new List<AlertDocument>(Total);
        for (var i = 0; i < Total; i++)
        {
            var source = new AlertSource();
            foreach (var (key, value) in template.Source.Defined())
            {
                source.Set(key, value?.DeepClone());
            }
            var id = "alert-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            source.Set("kibana.alert.uuid", id);
            source.Set("@timestamp", AlertTime.ToIso(start.AddSeconds(i)));
            source.Set("host", new JsonObject { ["name"] = "host-" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            alerts.Add(new AlertDocument(id, source));
        }
        using var store = new SqliteAlertStore(dir.File("alerts.db"));

        // The CPU part of a write alone: serialising each document and reading its columns.
        var watch = Stopwatch.StartNew();
        foreach (var alert in alerts)
        {
            using var parsed = JsonDocument.Parse(SqliteAlertStore.Serialize(alert.Source));
            AlertColumns.Read(parsed.RootElement);
        }
        var prepare = watch.Elapsed;

        watch.Restart();
        var created = alerts.Chunk(100).Sum(batch => store.WriteNew(batch).Count);
        var write = watch.Elapsed;
        Assert.Equal(Total, created);

        var search = new AlertSearch(store);
        (int Count, TimeSpan Took) Run(string query)
        {
            using var doc = JsonDocument.Parse(query);
            var sw = Stopwatch.StartNew();
            var matches = search.Matching(new QueryParser(start.AddHours(3)).Parse(doc.RootElement, "query"));
            var took = sw.Elapsed;
            matches.ForEach(m => m.Dispose());
            return (matches.Count, took);
        }
        var recent = Run("""{"bool": {"filter": [{"term": {"kibana.alert.workflow_status": "open"}}, {"range": {"@timestamp": {"gte": "2026-01-01T02:30:00Z"}}}]}}""");
        Assert.Equal(Total - 9000, recent.Count);
        var host = Run("""{"term": {"host.name": "host-7"}}""");
        Assert.Equal(Total / 50, host.Count);
        var scan = Run("""{"match": {"message": "connected"}}""");
        Assert.Equal(Total, scan.Count);

        watch.Restart();
        var closed = store.Update(alerts.Take(1000).Select(a => a.Id).ToList(), Vigil.Server.Alerts.Workflow.AlertMutations.SetStatus("closed", null, "2026-01-01T03:00:00.000Z", null));
        var update = watch.Elapsed;
        Assert.Equal(1000, closed);
        Assert.Equal(Total - 1000, Run("""{"term": {"kibana.alert.workflow_status": "open"}}""").Count);

        var size = new FileInfo(dir.File("alerts.db")).Length + (File.Exists(dir.File("alerts.db-wal")) ? new FileInfo(dir.File("alerts.db-wal")).Length : 0);
        output.WriteLine($"write {Total} alerts in batches of 100: {write.TotalMilliseconds:0} ms ({Total / write.TotalSeconds:0} alerts/s; serialising + columns alone {prepare.TotalMilliseconds:0} ms); db+wal {size / 1024 / 1024.0:0.0} MiB");
        output.WriteLine($"search last 1000 by time+status (prefiltered): {recent.Took.TotalMilliseconds:0} ms; host.name term (prefiltered, 200 hits): {host.Took.TotalMilliseconds:0} ms; match on message (all {Total} documents evaluated): {scan.Took.TotalMilliseconds:0} ms");
        output.WriteLine($"close 1000 by id in one transaction: {update.TotalMilliseconds:0} ms");
    }
}
