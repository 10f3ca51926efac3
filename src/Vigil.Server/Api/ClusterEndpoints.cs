using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>
/// Cluster and index calls shippers make around their writes: node info for sniffing, cluster health, a few
/// <c>_cat</c> lines, index existence and creation (every index "exists": documents go to any index), refresh.
/// </summary>
public static class ClusterEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];
    private static readonly string[] RefreshMethods = ["GET", "POST"];

    public static void Map(IEndpointRouteBuilder routes, ServerContext context, ClusterIdentity identity)
    {
        routes.MapGet("/_nodes", http => NodesAsync(http, context, identity));
        routes.MapGet("/_nodes/{metric}", http => NodesAsync(http, context, identity));
        routes.MapGet("/_cluster/health", HealthAsync);
        routes.MapGet("/_cluster/health/{index}", HealthAsync);
        routes.MapGet("/_cat/health", http => CatAsync(http, "epoch timestamp cluster status node.total node.data shards pri relo init unassign",
            string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()} {DateTimeOffset.UtcNow:HH:mm:ss} {ClusterIdentity.Name} green 1 1 0 0 0 0 0")));
        routes.MapGet("/_cat/nodes", http => CatAsync(http, "ip heap.percent ram.percent cpu load_1m node.role master name", $"127.0.0.1 0 0 0 0.00 dim * {ClusterIdentity.Name}"));
        routes.MapGet("/_cat/indices", http => CatAsync(http, "health status index uuid pri rep docs.count", null));
        routes.MapGet("/_cat/indices/{index}", http => CatAsync(http, "health status index uuid pri rep docs.count", null));
        routes.MapMethods("/_refresh", RefreshMethods, ShardsAsync);
        routes.MapMethods("/{index}/_refresh", RefreshMethods, ShardsAsync);
        routes.MapMethods("/{index}/_flush", RefreshMethods, ShardsAsync);
        routes.MapMethods("/{index}", ["HEAD"], http =>
        {
            http.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        routes.MapPut("/{index}", http =>
        {
            string index = Convert.ToString(http.Request.RouteValues["index"], CultureInfo.InvariantCulture) ?? "";
            if (Ingest.IndexNames.Problem(index) is { } bad)
            {
                return ElasticError.WriteAsync(http, 400, "invalid_index_name_exception", bad);
            }
            return JsonReply.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("acknowledged", true);
                w.WriteBoolean("shards_acknowledged", true);
                w.WriteString("index", index);
                w.WriteEndObject();
            });
        });
    }

    /// <summary>Sniffing clients connect to <c>http.publish_address</c>: it must be the address this service is reached at.</summary>
    private static Task NodesAsync(HttpContext http, ServerContext context, ClusterIdentity identity)
    {
        string host = http.Request.Host.HasValue ? http.Request.Host.Value! : context.Options.Listen;
        string ip = http.Connection.LocalIpAddress?.ToString() ?? "127.0.0.1";
        return JsonReply.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("_nodes");
            w.WriteStartObject();
            w.WriteNumber("total", 1);
            w.WriteNumber("successful", 1);
            w.WriteNumber("failed", 0);
            w.WriteEndObject();
            w.WriteString("cluster_name", ClusterIdentity.Name);
            w.WritePropertyName("nodes");
            w.WriteStartObject();
            w.WritePropertyName(identity.NodeId);
            w.WriteStartObject();
            w.WriteString("name", ClusterIdentity.Name);
            w.WriteString("transport_address", host);
            w.WriteString("host", ip);
            w.WriteString("ip", ip);
            w.WriteString("version", identity.Version);
            w.WriteString("build_flavor", "default");
            w.WriteString("build_type", "tar");
            w.WriteString("build_hash", identity.BuildHash);
            w.WritePropertyName("roles");
            w.WriteStartArray();
            w.WriteStringValue("data");
            w.WriteStringValue("ingest");
            w.WriteStringValue("master");
            w.WriteEndArray();
            w.WritePropertyName("http");
            w.WriteStartObject();
            w.WritePropertyName("bound_address");
            w.WriteStartArray();
            w.WriteStringValue(host);
            w.WriteEndArray();
            w.WriteString("publish_address", host);
            w.WriteNumber("max_content_length_in_bytes", context.Options.MaxBodyBytes);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static Task HealthAsync(HttpContext http) => JsonReply.WriteAsync(http, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("cluster_name", ClusterIdentity.Name);
        w.WriteString("status", "green");
        w.WriteBoolean("timed_out", false);
        w.WriteNumber("number_of_nodes", 1);
        w.WriteNumber("number_of_data_nodes", 1);
        foreach (string zero in new[] { "active_primary_shards", "active_shards", "relocating_shards", "initializing_shards", "unassigned_shards",
                     "delayed_unassigned_shards", "number_of_pending_tasks", "number_of_in_flight_fetch", "task_max_waiting_in_queue_millis" })
        {
            w.WriteNumber(zero, 0);
        }
        w.WriteNumber("active_shards_percent_as_number", 100.0);
        w.WriteEndObject();
    });

    private static Task ShardsAsync(HttpContext http) => JsonReply.WriteAsync(http, 200, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("_shards");
        w.WriteStartObject();
        w.WriteNumber("total", 1);
        w.WriteNumber("successful", 1);
        w.WriteNumber("failed", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>A <c>_cat</c> answer: the header line only with <c>?v</c>, as Elasticsearch does.</summary>
    private static Task CatAsync(HttpContext http, string header, string? row)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain; charset=UTF-8";
        string text = (http.Request.Query.ContainsKey("v") ? header + "\n" : "") + (row is null ? "" : row + "\n");
        return http.Response.WriteAsync(text, http.RequestAborted);
    }
}
