using Vigil.Server.Alerts;
using Vigil.Server.Store;

namespace Vigil.Server.Hosting;

/// <summary>
/// How <see cref="VigilServer"/> opens its stores; null members mean the embedded ones under <c>--data</c>. Tests hand
/// in fakes here. The server owns what the factories return and disposes it on stop.
/// </summary>
public sealed record ServerStores
{
    public Func<ServerOptions, IEventStore>? Events { get; init; }

    public Func<ServerOptions, IAlertStore>? Alerts { get; init; }
}
