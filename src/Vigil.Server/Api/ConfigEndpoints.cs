using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;
using Vigil.Server.Ingest;

namespace Vigil.Server.Api;

/// <summary>
/// Templates, ILM policies and ingest pipelines: PUT keeps them, GET and HEAD answer with what was kept in
/// Elasticsearch's response shape for each kind, so a shipper sees its setup done and sends. None is applied.
/// </summary>
public static class ConfigEndpoints
{
    private const long ConfigBodyLimit = 16L * 1024 * 1024;
    private static readonly string[] ReadMethods = ["GET", "HEAD"];
    private static readonly string[] WriteMethods = ["PUT", "POST"];

    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
        string data = context.Options.DataDirectory;
        MapKind(routes, "/_index_template", new ConfigDocuments(data, "index_template", "index templates", context.Log),
            (w, found) => WrapList(w, "index_templates", "index_template", found),
            name => NotFound($"index template matching [{name}] not found"));
        MapKind(routes, "/_component_template", new ConfigDocuments(data, "component_template", "component templates", context.Log),
            (w, found) => WrapList(w, "component_templates", "component_template", found),
            name => NotFound($"component template matching [{name}] not found"));
        MapKind(routes, "/_template", new ConfigDocuments(data, "template", "legacy index templates", context.Log),
            WrapByName, _ => EmptyNotFound);
        MapKind(routes, "/_ilm/policy", new ConfigDocuments(data, "ilm_policy", "ILM policies", context.Log),
            WrapPolicies, name => NotFound($"Lifecycle policy not found: {name}"));
        MapKind(routes, "/_ingest/pipeline", new ConfigDocuments(data, "ingest_pipeline", "ingest pipelines", context.Log),
            WrapByName, _ => EmptyNotFound);
    }

    private static void MapKind(IEndpointRouteBuilder routes, string prefix, ConfigDocuments documents,
        Action<Utf8JsonWriter, IReadOnlyList<(string Name, byte[] Body)>> wrap, Func<string, Func<HttpContext, Task>> notFound)
    {
        routes.MapMethods(prefix, ReadMethods, http => JsonReply.WriteAsync(http, 200, w => wrap(w, documents.Find(null))));
        routes.MapMethods(prefix + "/{name}", ReadMethods, http =>
        {
            string name = NameOf(http);
            var found = documents.Find(name);
            if (found.Count == 0)
            {
                return notFound(name)(http);
            }
            return JsonReply.WriteAsync(http, 200, w => wrap(w, found));
        });
        routes.MapMethods(prefix + "/{name}", WriteMethods, async http =>
        {
            using var body = await RequestBody.ReadAsync(http.Request, ConfigBodyLimit, http.RequestAborted).ConfigureAwait(false);
            string? problem = documents.Put(NameOf(http), body.Span);
            if (problem is not null)
            {
                await ElasticError.WriteAsync(http, 400, "illegal_argument_exception", problem).ConfigureAwait(false);
                return;
            }
            await JsonReply.AcknowledgedAsync(http).ConfigureAwait(false);
        });
        routes.MapDelete(prefix + "/{name}", http =>
        {
            string name = NameOf(http);
            return documents.Delete(name) ? JsonReply.AcknowledgedAsync(http) : notFound(name)(http);
        });
    }

    private static string NameOf(HttpContext http) => Convert.ToString(http.Request.RouteValues["name"], CultureInfo.InvariantCulture) ?? "";

    private static Func<HttpContext, Task> NotFound(string reason) =>
        http => ElasticError.WriteAsync(http, 404, "resource_not_found_exception", reason);

    /// <summary>Elasticsearch answers a missing pipeline or legacy template with 404 and an empty object.</summary>
    private static Task EmptyNotFound(HttpContext http) => JsonReply.WriteAsync(http, 404, w =>
    {
        w.WriteStartObject();
        w.WriteEndObject();
    });

    private static void WrapList(Utf8JsonWriter w, string listName, string itemName, IReadOnlyList<(string Name, byte[] Body)> found)
    {
        w.WriteStartObject();
        w.WritePropertyName(listName);
        w.WriteStartArray();
        foreach (var (name, body) in found)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WritePropertyName(itemName);
            w.WriteRawValue(body, skipInputValidation: true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WrapByName(Utf8JsonWriter w, IReadOnlyList<(string Name, byte[] Body)> found)
    {
        w.WriteStartObject();
        foreach (var (name, body) in found)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(body, skipInputValidation: true);
        }
        w.WriteEndObject();
    }

    /// <summary>PUT takes <c>{"policy":{…}}</c>; GET answers <c>{name:{version, modified_date, policy}}</c>.</summary>
    private static void WrapPolicies(Utf8JsonWriter w, IReadOnlyList<(string Name, byte[] Body)> found)
    {
        w.WriteStartObject();
        foreach (var (name, body) in found)
        {
            w.WritePropertyName(name);
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteString("modified_date", "2025-01-01T00:00:00.000Z");
            using var parsed = JsonDocument.Parse(body);
            w.WritePropertyName("policy");
            if (parsed.RootElement.TryGetProperty("policy", out var policy))
            {
                policy.WriteTo(w);
            }
            else
            {
                parsed.RootElement.WriteTo(w);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
