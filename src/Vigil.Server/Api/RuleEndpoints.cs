using Microsoft.AspNetCore.Routing;
using Vigil.Server.Scheduling;

namespace Vigil.Server.Api;

/// <summary>Kibana's detection-engine rule API: <c>_find</c>, <c>_reload</c>, <c>_bulk_action</c> (manual runs).</summary>
public static class RuleEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, RuleScheduler scheduler)
    {
    }
}
