using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>Vigil's own status: <c>GET /_vigil/health</c> (JSON) and <c>GET /_vigil/metrics</c> (Prometheus text).</summary>
public static class VigilStatusEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
        context.Metrics.Gauge("vigil_store_bytes", "Bytes of event segments on disk.", () => context.Events.Stats.Bytes);
        context.Metrics.Gauge("vigil_store_events", "Events held by the store.", () => context.Events.Stats.Events);
        context.Metrics.Gauge("vigil_store_segments", "Segment files of the store.", () => context.Events.Stats.Segments);
        context.Metrics.Gauge("vigil_alerts_stored", "Alerts in the alert store.", () => context.Alerts.Count);
        routes.MapGet("/_vigil/health", http => HealthAsync(http, context));
        routes.MapGet("/_vigil/metrics", http =>
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return http.Response.WriteAsync(context.Metrics.Render(), http.RequestAborted);
        });
    }

    /// <summary>"green" when the store and the alert store answer; "red" (still 200, with the error) when one does not.</summary>
    private static Task HealthAsync(HttpContext http, ServerContext context)
    {
        string? storeError = null;
        Store.EventStoreStats? stats = null;
        long? alerts = null;
        try
        {
            stats = context.Events.Stats;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            storeError = failure.Message;
        }
        string? alertError = null;
        try
        {
            alerts = context.Alerts.Count;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            alertError = failure.Message;
        }
        var metrics = context.Metrics;
        return JsonReply.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", storeError is null && alertError is null ? "green" : "red");
            w.WriteString("started_at", metrics.StartedAt);
            w.WriteNumber("uptime_seconds", Math.Round(metrics.Uptime.TotalSeconds, 3));
            w.WriteString("now", context.Clock.UtcNow);
            w.WritePropertyName("store");
            w.WriteStartObject();
            if (stats is not null)
            {
                w.WriteNumber("segments", stats.Segments);
                w.WriteNumber("events", stats.Events);
                w.WriteNumber("bytes", stats.Bytes);
                WriteTime(w, "oldest", stats.Oldest);
                WriteTime(w, "newest", stats.Newest);
            }
            else
            {
                w.WriteString("error", storeError);
            }
            w.WriteEndObject();
            w.WritePropertyName("alerts");
            w.WriteStartObject();
            if (alerts is { } count)
            {
                w.WriteNumber("count", count);
            }
            else
            {
                w.WriteString("error", alertError);
            }
            w.WriteEndObject();
            w.WritePropertyName("ingest");
            w.WriteStartObject();
            w.WriteNumber("events", (long)metrics.EventsIngested.Value);
            w.WriteNumber("rejected", (long)metrics.EventsRejected.Value);
            w.WriteNumber("bytes", (long)metrics.BytesIngested.Value);
            w.WriteNumber("bulk_requests", (long)metrics.BulkRequests.Value);
            w.WriteNumber("requests_refused", (long)metrics.RequestsRefused.Value);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            w.WriteString(name, t);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
