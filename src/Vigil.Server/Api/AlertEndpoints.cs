using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>Kibana's alert API: <c>signals/search</c>, <c>signals/status</c>, tags, assignees, and the guide of an alert.</summary>
public static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ServerContext context)
    {
    }
}
