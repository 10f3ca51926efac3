using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Api;

/// <summary>Writes a JSON response body with <see cref="Utf8JsonWriter"/> straight into the response (nothing on HEAD).</summary>
public static class JsonReply
{
    public static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter))
        {
            body(writer);
        }
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    public static Task AcknowledgedAsync(HttpContext http) => WriteAsync(http, 200, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("acknowledged", true);
        w.WriteEndObject();
    });
}
