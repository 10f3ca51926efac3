using Microsoft.AspNetCore.Http;

namespace Vigil.Server.Hosting;

/// <summary>
/// Kibana's guard on state-changing calls: the request must carry a <c>kbn-xsrf</c> header (any value) or
/// <c>kbn-version</c>. One check for every Kibana-shaped route (alerts and rules alike).
/// </summary>
public static class KibanaXsrf
{
    public const string Message = "Request must contain a kbn-xsrf header.";

    public static bool IsPresent(HttpContext http) =>
        http.Request.Headers.ContainsKey("kbn-xsrf") || http.Request.Headers.ContainsKey("kbn-version");
}
