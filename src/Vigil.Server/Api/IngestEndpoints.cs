using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>Elasticsearch's document API as shippers use it: <c>_bulk</c>, <c>_doc</c>, <c>_create</c>.</summary>
public static class IngestEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
    }
}
