using System.Net;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

public sealed class StatusEndpointTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Health_reports_store_alerts_ingest_and_uptime()
    {
        using var bulk = await server.Client.PostAsync(new Uri("/_bulk", UriKind.Relative),
            TestServer.Ndjson("{\"create\":{\"_index\":\"logs-h\"}}\n{\"a\":1}\n{\"create\":{\"_index\":\"logs-h\"}}\n{\"a\":1,\"a\":2}\n"));
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        using var response = await server.Client.GetAsync(new Uri("/_vigil/health", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("green", root.GetProperty("status").GetString());
        Assert.Equal(server.Events.Events.Count, root.GetProperty("store").GetProperty("events").GetInt64());
        Assert.Equal(0, root.GetProperty("alerts").GetProperty("count").GetInt64());
        Assert.True(root.GetProperty("uptime_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("ingest").GetProperty("events").GetInt64() >= 1);
        Assert.True(root.GetProperty("ingest").GetProperty("rejected").GetInt64() >= 1);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_the_ingest_counters()
    {
        using var bulk = await server.Client.PostAsync(new Uri("/_bulk", UriKind.Relative),
            TestServer.Ndjson("{\"create\":{\"_index\":\"logs-m\"}}\n{\"abc\":1}\n"));
        string stored = server.Events.InIndex("logs-m")[^1].Source.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await server.Client.GetAsync(new Uri("/_vigil/metrics", UriKind.Relative));
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        var samples = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(samples["vigil_ingest_events_total"] >= 1);
        Assert.True(samples["vigil_ingest_bulk_requests_total"] >= 1);
        Assert.True(samples["vigil_ingest_bytes_total"] >= double.Parse(stored, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(server.Events.Events.Count, samples["vigil_store_events"]);
        Assert.Contains("# TYPE vigil_ingest_events_total counter", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Labelled_counters_from_other_parts_render_with_escaped_labels()
    {
        var metrics = new Hosting.ServerMetrics();
        metrics.Counter("vigil_rule_executions_total", "Rule executions.", ("rule_id", "a\"b"), ("status", "succeeded")).Add(2);
        metrics.Counter("vigil_rule_executions_total", "Rule executions.", ("rule_id", "a\"b"), ("status", "succeeded")).Increment();
        string text = metrics.Render();
        Assert.Contains("vigil_rule_executions_total{rule_id=\"a\\\"b\",status=\"succeeded\"} 3\n", text, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.EventsIngested.Add(-1));
    }
}
