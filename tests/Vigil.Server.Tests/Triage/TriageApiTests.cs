using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Server.Alerts;
using Vigil.Server.Tests.Scheduling;
using Vigil.Server.Triage;

namespace Vigil.Server.Tests.Triage;

/// <summary>
/// The triage list and summary over HTTP against a real service and SQLite store: every answer is checked against
/// LINQ over the documents read straight from the database file.
/// </summary>
public sealed class TriageApiTests
{
    private const int Count = 600;

    /// <summary>One stored alert as the test reads it from the database, independently of the store's columns.</summary>
    private sealed record Doc(string Id, long Ms, string Time, string Rule, string Severity, string Host, string User, string Status, string Reason, string Process);

    [Fact]
    public async Task List_and_summary_match_linq_over_the_stored_documents()
    {
        await using var host = await TriageHost.StartAsync(data => ManyAlerts.Write(Path.Combine(data, "alerts.db"), Count, ScheduleTestData.FixtureTime));
        var ids = Read(host).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        await SetStatusAsync(host, [.. ids.Where((_, i) => i % 7 == 0)], "acknowledged");
        await SetStatusAsync(host, [.. ids.Where((_, i) => i % 13 == 1)], "closed");
        var docs = Read(host);
        var now = ScheduleTestData.FixtureTime.ToUnixTimeMilliseconds();
        var reasonPart = docs[3].Reason.Substring(0, Math.Min(12, docs[3].Reason.Length)).ToUpperInvariant();

        var closedHost = docs.First(d => d.Status == "closed").Host;
        var cases = new (string Query, Func<Doc, bool> Match)[]
        {
            ("", d => d.Status == "open"),
            ("status=all", _ => true),
            ("status=acknowledged", d => d.Status == "acknowledged"),
            ("status=all&severity=high", d => d.Severity == "high"),
            ("status=all&rule=" + Uri.EscapeDataString(docs[0].Rule), d => d.Rule == docs[0].Rule),
            ("status=closed&host=" + closedHost, d => d.Status == "closed" && d.Host == closedHost),
            ("user=user-4&severity=low", d => d.Status == "open" && d.User == "user-4" && d.Severity == "low"),
            ("status=all&range=1h", d => d.Ms >= now - 3_600_000),
            ("status=all&range=15m&user=user-1", d => d.Ms >= now - 900_000 && d.User == "user-1"),
            ("status=all&q=" + Uri.EscapeDataString(reasonPart), d => d.Reason.Contains(reasonPart, StringComparison.OrdinalIgnoreCase)),
            ("status=all&q=%25", d => d.Reason.Contains('%', StringComparison.Ordinal)),
            ("status=all&host=nobody", _ => false),
        };
        foreach (var (query, match) in cases)
        {
            var expected = docs.Where(match).OrderByDescending(d => d.Ms).ToList();
            Assert.True(query.EndsWith("q=%25", StringComparison.Ordinal) || query.Contains("nobody", StringComparison.Ordinal) || expected.Count > 0, query);

            var list = await GetAsync(host, $"{TriageApi.AlertsPath}?{query}");
            Assert.Equal(expected.Count, list["total"]!.GetValue<int>());
            var hits = list["hits"]!.AsArray();
            Assert.Equal(expected.Take(100).Select(d => d.Id), hits.Select(h => h!["_id"]!.GetValue<string>()));
            foreach (var hit in hits)
            {
                var doc = expected.Single(d => d.Id == hit!["_id"]!.GetValue<string>());
                var source = hit!["_source"]!.AsObject();
                Assert.Equal(doc.Time, source["@timestamp"]!.GetValue<string>());
                Assert.Equal(doc.Process, source["process.name"]!.GetValue<string>());
                Assert.Equal(doc.Reason, source["kibana.alert.reason"]!.GetValue<string>());
                Assert.Equal(doc.Status, source["kibana.alert.workflow_status"]!.GetValue<string>());
                Assert.DoesNotContain("event.id", source.Select(p => p.Key));
            }

            var summary = await GetAsync(host, $"{TriageApi.SummaryPath}?{query}");
            Assert.Equal(expected.Count, summary["total"]!.GetValue<int>());
            Assert.Equal(Terms(expected.Select(d => d.Severity), 10), Buckets(summary["severity"]!));
            Assert.Equal(Terms(expected.Select(d => d.Rule), 8), Buckets(summary["rule"]!));
            var counts = summary["histogram"]!["counts"]!.AsArray().Select(c => c!.GetValue<long>()).ToList();
            Assert.Equal(Histogram(expected.Select(d => d.Ms).ToList(), 40), counts);
            if (expected.Count > 0)
            {
                Assert.Equal(expected.Min(d => d.Ms), summary["histogram"]!["start_ms"]!.GetValue<long>());
            }
        }
    }

    [Fact]
    public async Task Pages_follow_one_another_newest_first()
    {
        await using var host = await TriageHost.StartAsync(data => ManyAlerts.Write(Path.Combine(data, "alerts.db"), 250, ScheduleTestData.FixtureTime));
        var expected = Read(host).OrderByDescending(d => d.Ms).Select(d => d.Id).ToList();
        var seen = new List<string>();
        for (var from = 0; from < 250; from += 60)
        {
            var page = await GetAsync(host, $"{TriageApi.AlertsPath}?status=all&from={from}&size=60");
            Assert.Equal(250, page["total"]!.GetValue<int>());
            seen.AddRange(page["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()));
        }
        Assert.Equal(expected, seen);
        using var bad = await host.Client.GetAsync(new Uri($"{TriageApi.AlertsPath}?range=2w", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var tooFar = await host.Client.GetAsync(new Uri($"{TriageApi.AlertsPath}?from=9990&size=20", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
    }

    [Fact]
    public async Task Both_need_the_services_credentials()
    {
        await using var host = await TriageHost.StartAsync(data => ManyAlerts.Write(Path.Combine(data, "alerts.db"), 5, ScheduleTestData.FixtureTime),
            options => options with { ApiKeys = ["triage:s3cret"] });
        foreach (var path in new[] { TriageApi.AlertsPath, TriageApi.SummaryPath })
        {
            using var anonymous = await host.Client.GetAsync(new Uri(path + "?status=all", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, path + "?status=all");
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", Convert.ToBase64String(Encoding.UTF8.GetBytes("triage:s3cret")));
            using var allowed = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(5, JsonNode.Parse(await allowed.Content.ReadAsStringAsync())!["total"]!.GetValue<int>());
        }
    }

    [Fact]
    public void A_database_from_before_the_reason_column_is_migrated_on_open()
    {
        var data = Path.Combine(Path.GetTempPath(), "vigil-triage-migrate-" + Guid.NewGuid().ToString("N"));
        var db = Path.Combine(data, "alerts.db");
        try
        {
            ManyAlerts.Write(db, 30, ScheduleTestData.FixtureTime);
            using (var old = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                old.Open();
                using var drop = old.CreateCommand();
                drop.CommandText = "ALTER TABLE alerts DROP COLUMN reason";
                drop.ExecuteNonQuery();
            }
            using var store = new SqliteAlertStore(db);
            var all = new TriageFilter(null, null, null, null, null, null, null);
            var reasons = store.List(all, 0, 100).Alerts.Select(a => (string)JsonNode.Parse(a.Json)!["kibana.alert.reason"]!).ToList();
            Assert.Equal(30, reasons.Count);
            var part = reasons[0][..10];
            Assert.Equal(reasons.Count(r => r.Contains(part, StringComparison.OrdinalIgnoreCase)), store.List(all with { ReasonContains = part }, 0, 100).Total);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static List<(string, long)> Terms(IEnumerable<string> values, int size) =>
        [.. values.GroupBy(v => v).Select(g => (g.Key, (long)g.Count())).OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal).Take(size)];

    private static List<(string, long)> Buckets(JsonNode node) =>
        [.. node.AsArray().Select(b => (b!["key"]!.GetValue<string>(), b["doc_count"]!.GetValue<long>()))];

    private static List<long> Histogram(List<long> times, int n)
    {
        if (times.Count == 0)
        {
            return [];
        }
        double lo = times.Min(), hi = Math.Max(times.Max(), lo + 60_000);
        var counts = new long[n];
        foreach (var t in times)
        {
            counts[Math.Min(n - 1, (int)Math.Floor((t - lo) / (hi - lo) * n))]++;
        }
        return [.. counts];
    }

    private static List<Doc> Read(TriageHost host)
    {
        var docs = new List<Doc>();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "alerts.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, doc FROM alerts ORDER BY rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var s = JsonNode.Parse(reader.GetString(1))!.AsObject();
            var time = (string)s["@timestamp"]!;
            docs.Add(new Doc(reader.GetString(0), DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), time,
                (string)s["kibana.alert.rule.name"]!, (string)s["kibana.alert.severity"]!, (string)s["host"]!["name"]!, (string)s["user"]!["name"]!,
                (string)s["kibana.alert.workflow_status"]!, (string)s["kibana.alert.reason"]!, (string)s["process"]!["name"]!));
        }
        return docs;
    }

    private static async Task SetStatusAsync(TriageHost host, List<string> ids, string status)
    {
        var body = new JsonObject { ["signal_ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]), ["status"] = status };
        if (status == "closed")
        {
            body["reason"] = "false_positive";
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/detection_engine/signals/status")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("kbn-xsrf", "test");
        using var response = await host.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> GetAsync(TriageHost host, string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, path + ": " + text);
        return JsonNode.Parse(text)!;
    }
}
