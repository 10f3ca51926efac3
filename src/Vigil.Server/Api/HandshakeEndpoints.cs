using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>The calls shippers make before sending (<c>GET /</c>, <c>_license</c>, templates, pipelines, …), in Elasticsearch's shape.</summary>
public static class HandshakeEndpoints
{
    private static readonly string[] GetHead = ["GET", "HEAD"];

    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
        var identity = ClusterIdentity.Load(context.Options.DataDirectory, context.Options.ElasticsearchVersion);
        routes.MapMethods("/", GetHead, http => RootAsync(http, identity));
        routes.MapGet("/_license", http => LicenseAsync(http, identity));
        routes.MapGet("/_xpack", http => XpackAsync(http, identity, context));
        ConfigEndpoints.Map(routes, context);
        ClusterEndpoints.Map(routes, context, identity);
    }

    /// <summary>
    /// The version document every client reads first (the Python client checks <c>tagline</c> and
    /// <c>build_flavor</c>, Beats the version number). A browser asking for HTML gets the triage page instead.
    /// </summary>
    private static Task RootAsync(HttpContext http, ClusterIdentity identity)
    {
        if (WantsHtml(http.Request))
        {
            return Triage.TriageEndpoints.WritePageAsync(http);
        }
        return JsonReply.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", ClusterIdentity.Name);
            w.WriteString("cluster_name", ClusterIdentity.Name);
            w.WriteString("cluster_uuid", identity.Uuid);
            w.WritePropertyName("version");
            w.WriteStartObject();
            w.WriteString("number", identity.Version);
            w.WriteString("build_flavor", "default");
            w.WriteString("build_type", "tar");
            w.WriteString("build_hash", identity.BuildHash);
            w.WriteString("build_date", ClusterIdentity.BuildDate);
            w.WriteBoolean("build_snapshot", false);
            w.WriteString("lucene_version", identity.LuceneVersion);
            w.WriteString("minimum_wire_compatibility_version", identity.MinimumWireVersion);
            w.WriteString("minimum_index_compatibility_version", identity.MinimumIndexVersion);
            w.WriteEndObject();
            w.WriteString("tagline", "You Know, for Search");
            w.WriteEndObject();
        });
    }

    /// <summary>Browsers send <c>text/html</c> first in Accept; clients send JSON types (or nothing).</summary>
    private static bool WantsHtml(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            if (accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && (accept.Quality ?? 1) > 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Beats refuse to start without a licence they recognise; a basic, active, non-expiring one.</summary>
    private static Task LicenseAsync(HttpContext http, ClusterIdentity identity) => JsonReply.WriteAsync(http, 200, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("license");
        w.WriteStartObject();
        w.WriteString("status", "active");
        w.WriteString("uid", identity.Uuid);
        w.WriteString("type", "basic");
        w.WriteString("issue_date", "2025-01-01T00:00:00.000Z");
        w.WriteNumber("issue_date_in_millis", 1735689600000);
        w.WriteNumber("max_nodes", 1000);
        w.WriteNull("max_resource_units");
        w.WriteString("issued_to", ClusterIdentity.Name);
        w.WriteString("issuer", "elasticsearch");
        w.WriteNumber("start_date_in_millis", -1);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static Task XpackAsync(HttpContext http, ClusterIdentity identity, ServerContext context) => JsonReply.WriteAsync(http, 200, w =>
    {
        bool secured = context.Options.ApiKeys.Count > 0 || context.Options.BasicUsers.Count > 0;
        w.WriteStartObject();
        w.WritePropertyName("build");
        w.WriteStartObject();
        w.WriteString("hash", identity.BuildHash);
        w.WriteString("date", ClusterIdentity.BuildDate);
        w.WriteEndObject();
        w.WritePropertyName("license");
        w.WriteStartObject();
        w.WriteString("uid", identity.Uuid);
        w.WriteString("type", "basic");
        w.WriteString("mode", "basic");
        w.WriteString("status", "active");
        w.WriteEndObject();
        w.WritePropertyName("features");
        w.WriteStartObject();
        Feature(w, "ilm", true, true);
        Feature(w, "security", true, secured);
        Feature(w, "monitoring", true, false);
        Feature(w, "ml", false, false);
        Feature(w, "watcher", false, false);
        w.WriteEndObject();
        w.WriteString("tagline", "You know, for X");
        w.WriteEndObject();
    });

    private static void Feature(Utf8JsonWriter w, string name, bool available, bool enabled)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        w.WriteBoolean("available", available);
        w.WriteBoolean("enabled", enabled);
        w.WriteEndObject();
    }
}
