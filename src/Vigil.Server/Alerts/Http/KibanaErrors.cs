using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Server.Alerts.Search;

namespace Vigil.Server.Alerts.Http;

/// <summary>The error bodies Kibana answers with: its platform's (Boom), its security routes', and a search error.</summary>
internal static class KibanaErrors
{
    /// <summary>Platform errors (xsrf, body validation): <c>{statusCode, error, message}</c>.</summary>
    public static IResult Platform(int status, string message) => Json(status, w =>
    {
        w.WriteNumber("statusCode", status);
        w.WriteString("error", status switch { 400 => "Bad Request", 404 => "Not Found", 501 => "Not Implemented", _ => "Error" });
        w.WriteString("message", message);
    });

    /// <summary>Security-solution route errors: <c>{message, status_code}</c>; the message may be a list.</summary>
    public static IResult Route(int status, IReadOnlyList<string> messages, bool asList = false) => Json(status, w =>
    {
        if (messages.Count == 1 && !asList)
        {
            w.WriteString("message", messages[0]);
        }
        else
        {
            w.WriteStartArray("message");
            foreach (var m in messages) w.WriteStringValue(m);
            w.WriteEndArray();
        }
        w.WriteNumber("status_code", status);
    });

    /// <summary>
    /// A refused query: Elasticsearch's error object (<c>error.root_cause[]</c>, <c>type</c>, <c>reason</c>,
    /// <c>status</c>) beside Kibana's <c>message</c> / <c>status_code</c>, so both kinds of client read it.
    /// </summary>
    public static IResult Query(DslException error) => Json(400, w =>
    {
        w.WriteStartObject("error");
        w.WriteStartArray("root_cause");
        w.WriteStartObject();
        w.WriteString("type", error.Type);
        w.WriteString("reason", error.Message);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("type", error.Type);
        w.WriteString("reason", error.Message);
        w.WriteEndObject();
        w.WriteNumber("status", 400);
        w.WriteString("message", $"{error.Type}: {error.Message}");
        w.WriteNumber("status_code", 400);
    });

    public static IResult Json(int status, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Results.Text(System.Text.Encoding.UTF8.GetString(buffer.ToArray()), "application/json; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
