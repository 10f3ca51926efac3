using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Server.Triage;

/// <summary>
/// The triage page: <c>GET /</c> for a browser (the root handler calls <see cref="WritePageAsync"/>), its script and
/// style under <c>/_vigil/triage/</c>. Same port and credentials as the API, which the page calls and nothing else.
/// </summary>
public static class TriageEndpoints
{
    public const string ScriptPath = "/_vigil/triage/app.js";
    public const string StylePath = "/_vigil/triage/app.css";

    /// <summary>
    /// Script only from this origin (no inline script, no eval), no plugin, no other origin for anything; frames only
    /// from here (the guide, itself sandboxed); the page cannot be framed by another site.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

    public static void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapMethods(ScriptPath, ["GET", "HEAD"], http => WriteAsync(http, TriageAssets.Script, "text/javascript; charset=utf-8"));
        routes.MapMethods(StylePath, ["GET", "HEAD"], http => WriteAsync(http, TriageAssets.Style, "text/css; charset=utf-8"));
    }

    /// <summary>The page itself, with its security headers.</summary>
    public static Task WritePageAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return WriteAsync(http, TriageAssets.Index, "text/html; charset=utf-8");
    }

    private static Task WriteAsync(HttpContext http, byte[] body, string contentType)
    {
        var headers = http.Response.Headers;
        http.Response.StatusCode = 200;
        http.Response.ContentType = contentType;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: a new binary must not run against an old cached script.
        headers.CacheControl = "no-cache";
        // The page answers differently by Accept at "/": caches must keep the two apart.
        headers.Vary = "Accept";
        http.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
