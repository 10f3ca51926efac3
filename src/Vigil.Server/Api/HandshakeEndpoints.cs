using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>The calls shippers make before sending (<c>GET /</c>, <c>_license</c>, templates, pipelines, …), in Elasticsearch's shape.</summary>
public static class HandshakeEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
    }
}
