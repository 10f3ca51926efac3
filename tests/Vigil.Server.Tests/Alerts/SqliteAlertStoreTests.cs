using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;

namespace Vigil.Server.Tests.Alerts;

public sealed class SqliteAlertStoreTests
{
    [Fact]
    public void A_stored_alert_comes_back_as_the_document_the_builder_made()
    {
        using var dir = new TempDirectory();
        var alerts = AlertSamples.Scan();
        using var store = new SqliteAlertStore(dir.File("alerts.db"));
        store.WriteNew(alerts);
        foreach (var alert in alerts)
        {
            var stored = store.Get(alert.Id);
            Assert.NotNull(stored);
            // The oracle is the detection engine's own writer (what `vigil scan --format jsonl` prints as _source).
            var expected = JsonNode.Parse(AlertJsonWriter.ToJson(alert, "x"))!["_source"]!;
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(stored!.Json)), alert.Id);
        }
        Assert.Null(store.Get("no-such-id"));
    }

    [Fact]
    public void The_seed_scan_stores_three_shells_and_six_building_blocks()
    {
        using var dir = new TempDirectory();
        var alerts = AlertSamples.Scan();
        using var store = new SqliteAlertStore(dir.File("alerts.db"));
        var created = store.WriteNew(alerts);
        Assert.Equal(9, created.Count);
        Assert.Equal(9, store.Count);
        Assert.Equal(3, created.Count(a => a.IsShell));
        Assert.Equal(6, created.Count(a => a.IsBuildingBlock));
    }

    [Fact]
    public void Writing_the_same_ids_twice_creates_them_once()
    {
        using var dir = new TempDirectory();
        var alerts = AlertSamples.Scan();
        using var store = new SqliteAlertStore(dir.File("alerts.db"));
        Assert.Equal(alerts.Count, store.WriteNew(alerts).Count);
        Assert.Empty(store.WriteNew(alerts));
        // A batch that repeats an id inside itself and mixes old with new.
        var hand = AlertSamples.Hand().Values.ToList();
        var mixed = new List<AlertDocument> { alerts[0], hand[0], hand[0], hand[1] };
        var created = store.WriteNew(mixed);
        Assert.Equal([hand[0].Id, hand[1].Id], created.Select(a => a.Id));
        Assert.Equal(alerts.Count + 2, store.Count);
        Assert.True(store.Contains(hand[1].Id));
        Assert.False(store.Contains("nope"));
    }

    [Fact]
    public async Task Concurrent_writers_create_each_alert_exactly_once()
    {
        using var dir = new TempDirectory();
        var all = AlertSamples.Scan().Concat(AlertSamples.Hand().Values).ToList();
        using var store = new SqliteAlertStore(dir.File("alerts.db"));
        // Eight writers, each writing every alert in its own order, in batches of three.
        var tasks = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            var mine = new List<AlertDocument>();
            var order = all.OrderBy(a => (a.Id.GetHashCode(StringComparison.Ordinal) * (w + 1)) & 0xffff).ToList();
            foreach (var chunk in order.Chunk(3))
            {
                mine.AddRange(store.WriteNew(chunk));
            }
            return mine;
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        var created = results.SelectMany(r => r).Select(a => a.Id).ToList();
        Assert.Equal(all.Count, created.Count);
        Assert.Equal(all.Select(a => a.Id).Order(), created.Order());
        Assert.Equal(all.Count, store.Count);
    }

    [Fact]
    public void Alerts_survive_closing_and_reopening_the_database()
    {
        using var dir = new TempDirectory();
        var alerts = AlertSamples.Scan();
        using (var store = new SqliteAlertStore(dir.File("alerts.db")))
        {
            store.WriteNew(alerts);
        }
        using var reopened = new SqliteAlertStore(dir.File("alerts.db"));
        Assert.Equal(alerts.Count, reopened.Count);
        Assert.Empty(reopened.WriteNew(alerts));
    }

    [Fact]
    public void Created_alerts_are_appended_to_the_alerts_file_once()
    {
        using var dir = new TempDirectory();
        var alerts = AlertSamples.Scan();
        var file = dir.File("out/alerts.jsonl");
        using var store = new SqliteAlertStore(dir.File("alerts.db"), new AlertStoreOptions { AlertsFile = file });
        store.WriteNew(alerts);
        store.WriteNew(alerts);
        var lines = File.ReadAllLines(file);
        Assert.Equal(alerts.Select(a => a.Id), lines.Select(l => JsonNode.Parse(l)!["_id"]!.GetValue<string>()));
        Assert.All(lines, l => Assert.Equal(".internal.alerts-security.alerts-default-000001", JsonNode.Parse(l)!["_index"]!.GetValue<string>()));
    }

    [Fact]
    public void Updates_rewrite_the_document_and_its_columns()
    {
        using var dir = new TempDirectory();
        var hand = AlertSamples.Hand();
        using var store = new SqliteAlertStore(dir.File("alerts.db"));
        store.WriteNew(hand.Values.ToList());
        var found = store.Update([hand["a1"].Id, "missing"], doc =>
        {
            doc["kibana.alert.workflow_status"] = "closed";
            return true;
        });
        Assert.Equal(1, found);
        Assert.Equal("closed", JsonNode.Parse(store.Get(hand["a1"].Id)!.Json)!["kibana.alert.workflow_status"]!.GetValue<string>());
        // The column follows the document: a prefilter on the status finds it.
        var prefilter = new AlertPrefilter();
        prefilter.Compare("workflow_status", "=", "closed");
        Assert.Equal([hand["a1"].Id], store.Find(prefilter).Select(a => a.Id));
    }
}
