using System.Globalization;
using System.Text.Json;
using Vigil.Events.Json;
using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Alerts.Http;

/// <summary>Reads a request body as JSON; an empty body is null, a malformed one a 400 in Kibana's words.</summary>
internal static class RequestJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return (null, null);
        }
        var bytes = buffer.ToArray();
        try
        {
            var document = JsonDocument.Parse(bytes, Options);
            if (JsonStrings.FindUnpairedSurrogate(bytes, new JsonReaderOptions { MaxDepth = Options.MaxDepth }) is var at and >= 0)
            {
                // System.Text.Json would throw on reading that string later, deep in a handler: refuse it here.
                document.Dispose();
                var line = bytes.AsSpan(0, (int)at).Count((byte)'\n');
                var column = at - (bytes.AsSpan(0, (int)at).LastIndexOf((byte)'\n') + 1);
                return (null, KibanaErrors.Platform(400, string.Create(CultureInfo.InvariantCulture,
                    $"Invalid request payload JSON format (line {line + 1}, byte {column + 1}): a \\u escape names half of a surrogate pair")));
            }
            return (document, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return (null, KibanaErrors.Platform(400, "Invalid request payload JSON format" + where));
        }
    }

    /// <summary>Kibana's check on state-changing calls: a <c>kbn-xsrf</c> (or <c>kbn-version</c>) header.</summary>
    public static IResult? CheckXsrf(HttpContext http) =>
        Hosting.KibanaXsrf.IsPresent(http) ? null : KibanaErrors.Platform(400, Hosting.KibanaXsrf.Message);

    /// <summary>The prologue of every state-changing route: the xsrf check, then the body read as JSON.</summary>
    public static async Task<(JsonDocument? Document, IResult? Error)> ReadStateChangeAsync(HttpContext http)
    {
        if (CheckXsrf(http) is { } refused)
        {
            return (null, refused);
        }
        return await ReadAsync(http).ConfigureAwait(false);
    }

    /// <summary>The authenticated user's name, or null when the service runs without authentication.</summary>
    public static string? User(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    /// <summary>A non-empty array of non-empty strings, or the reason it is not one.</summary>
    public static bool TryStrings(JsonElement value, out List<string> strings, bool allowEmpty = false)
    {
        strings = [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                return false;
            }
            strings.Add(item.GetString()!);
        }
        return allowEmpty || strings.Count > 0;
    }
}
