using Vigil.Server.Alerts;
using Vigil.Server.Clock;
using Vigil.Server.Store;

namespace Vigil.Server.Hosting;

/// <summary>The parts of one running service, handed to each endpoint module and the scheduler.</summary>
public sealed class ServerContext
{
    public required ServerOptions Options { get; init; }

    public required IClock Clock { get; init; }

    public required IEventStore Events { get; init; }

    public required IAlertStore Alerts { get; init; }

    /// <summary>One line per message, to the service log (stderr by default).</summary>
    public required Action<string> Log { get; init; }

    /// <summary>Prometheus counters and gauges; every part adds its own (see <see cref="ServerMetrics"/>).</summary>
    public ServerMetrics Metrics { get; init; } = new();
}
