using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;
using Vigil.Server.Alerts.Http;
using Vigil.Server.Alerts.Search;
using Vigil.Server.Hosting;

namespace Vigil.Server.Triage;

/// <summary>
/// The triage page's own reads: <c>GET /api/vigil/triage/alerts</c> (one page of the list, newest first, with only
/// the fields its table shows) and <c>GET /api/vigil/triage/summary</c> (counts by severity and rule, the histogram).
/// Both take the page's filters (<see cref="TriageFilter"/>) and are answered by SQL over the indexed columns; the
/// Kibana search API would parse every document. Read-only GETs behind the same credentials as the rest of the API.
/// </summary>
public static class TriageApi
{
    public const string AlertsPath = "/api/vigil/triage/alerts";
    public const string SummaryPath = "/api/vigil/triage/summary";

    /// <summary>The fields the list's table shows (and the shell test reads), copied from each document as stored.</summary>
    private static readonly string[] ShownFields =
    [
        "@timestamp", "kibana.alert.rule.name", "kibana.alert.severity", "kibana.alert.risk_score", "host.name", "user.name",
        "process.name", "kibana.alert.reason", "kibana.alert.workflow_status", "kibana.alert.workflow_tags",
        "kibana.alert.group.id",
    ];

    private const int DefaultSize = 100;
    private const int MaxWindow = 10_000; // Elasticsearch's index.max_result_window
    private const int Rules = 8;
    private const int Buckets = 40;

    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(context);
        routes.MapGet(AlertsPath, (HttpContext http) => WithFilter(http, context, Alerts));
        routes.MapGet(SummaryPath, (HttpContext http) => WithFilter(http, context, Summary));
    }

    private static IResult WithFilter(HttpContext http, ServerContext context, Func<HttpContext, ITriageAlertStore, TriageFilter, IResult> handler)
    {
        if (context.Alerts is not ITriageAlertStore store)
        {
            return KibanaErrors.Platform(501, "the alert store does not support the triage queries");
        }
        var (filter, error) = TriageFilter.Read(http.Request.Query, context.Clock.UtcNow);
        return filter is null ? KibanaErrors.Platform(400, error!) : handler(http, store, filter);
    }

    private static IResult Alerts(HttpContext http, ITriageAlertStore store, TriageFilter filter)
    {
        var from = Number(http, "from", 0);
        var size = Number(http, "size", DefaultSize);
        if (from is null || size is null || from + size > MaxWindow)
        {
            return KibanaErrors.Platform(400, $"from and size must be whole numbers with from + size at most {MaxWindow}");
        }
        var page = store.List(filter, from.Value, size.Value);
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", page.Total);
            writer.WriteStartArray("hits");
            var values = new List<JsonElement>(2);
            foreach (var alert in page.Alerts)
            {
                using var doc = JsonDocument.Parse(alert.Json);
                writer.WriteStartObject();
                writer.WriteString("_id", alert.Id);
                writer.WriteStartObject("_source");
                foreach (var name in ShownFields)
                {
                    values.Clear();
                    FieldResolver.Collect(doc.RootElement, name, values);
                    if (values.Count == 0)
                    {
                        continue;
                    }
                    writer.WritePropertyName(name);
                    if (values.Count == 1)
                    {
                        values[0].WriteTo(writer);
                    }
                    else
                    {
                        writer.WriteStartArray();
                        values.ForEach(v => v.WriteTo(writer));
                        writer.WriteEndArray();
                    }
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static IResult Summary(HttpContext http, ITriageAlertStore store, TriageFilter filter)
    {
        var summary = store.Summarize(filter, Rules, Buckets);
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", summary.Total);
            WriteCounts(writer, "severity", summary.BySeverity);
            WriteCounts(writer, "rule", summary.ByRule);
            writer.WriteStartObject("histogram");
            if (summary.Buckets.Count > 0)
            {
                writer.WriteNumber("start_ms", summary.FirstMs);
                writer.WriteNumber("end_ms", summary.EndMs);
            }
            writer.WriteStartArray("counts");
            foreach (var n in summary.Buckets)
            {
                writer.WriteNumberValue(n);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    // Shaped as a terms aggregation's buckets, which the page already draws.
    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyList<(string Key, long Count)> counts)
    {
        writer.WriteStartArray(name);
        foreach (var (key, count) in counts)
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteNumber("doc_count", count);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static int? Number(HttpContext http, string name, int fallback)
    {
        var text = http.Request.Query[name].LastOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static IResult Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AlertJsonWriter.WriterOptions))
        {
            write(writer);
        }
        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
    }
}
