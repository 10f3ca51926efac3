using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Alerts.Http;

/// <summary>
/// Elasticsearch's update_by_query response, which Kibana's workflow routes return as they get it. As in
/// Elasticsearch, every matched document counts as updated (the scripts do not mark unchanged ones as noops).
/// </summary>
internal static class UpdateByQueryResponse
{
    public static IResult For(int matched, long tookMs) => KibanaErrors.Json(200, w =>
    {
        w.WriteNumber("took", tookMs);
        w.WriteBoolean("timed_out", false);
        w.WriteNumber("total", matched);
        w.WriteNumber("updated", matched);
        w.WriteNumber("deleted", 0);
        w.WriteNumber("batches", matched > 0 ? 1 : 0);
        w.WriteNumber("version_conflicts", 0);
        w.WriteNumber("noops", 0);
        w.WriteStartObject("retries");
        w.WriteNumber("bulk", 0);
        w.WriteNumber("search", 0);
        w.WriteEndObject();
        w.WriteNumber("throttled_millis", 0);
        w.WriteNumber("requests_per_second", -1.0);
        w.WriteNumber("throttled_until_millis", 0);
        w.WriteStartArray("failures");
        w.WriteEndArray();
    });
}
