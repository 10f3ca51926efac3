using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Api;

/// <summary>
/// Errors in Elasticsearch's shape, <c>{"error":{"root_cause":[{type,reason}],"type","reason"},"status":N}</c>: clients
/// parse <c>error.type</c> to decide whether to retry, so every failure the service answers uses it.
/// </summary>
public static class ElasticError
{
    /// <summary>Writes a whole error response (status, JSON content type, body).</summary>
    public static async Task WriteAsync(HttpContext http, int status, string type, string reason, Action<Utf8JsonWriter>? extra = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("error");
            writer.WriteStartObject();
            writer.WritePropertyName("root_cause");
            writer.WriteStartArray();
            WriteCause(writer, type, reason, extra);
            writer.WriteEndArray();
            writer.WriteString("type", type);
            writer.WriteString("reason", reason);
            extra?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteNumber("status", status);
            writer.WriteEndObject();
        }
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The <c>{type, reason}</c> object of a bulk item's <c>error</c> or of a root cause.</summary>
    public static void WriteCause(Utf8JsonWriter writer, string type, string reason, Action<Utf8JsonWriter>? extra = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("reason", reason);
        extra?.Invoke(writer);
        writer.WriteEndObject();
    }
}
