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

    /// <summary>
    /// Cluster mode: every partition's events, filled while this worker holds the global lease; the rules not keyed
    /// on the host run over it (docs/cluster.md). Null for a single process.
    /// </summary>
    public IEventStore? GlobalEvents { get; init; }

    /// <summary>Where ingest writes: <see cref="Events"/>, unless set (cluster mode: the event stream).</summary>
    public IEventSink Ingest { get => ingest ?? Events; init => ingest = value; }

    /// <summary>Where the scheduler writes alerts: <see cref="Alerts"/>, unless set (cluster mode: the alert stream, then Alerts).</summary>
    public IAlertStore AlertWrites { get => alertWrites ?? Alerts; init => alertWrites = value; }

    /// <summary>The cluster membership in cluster mode (<c>--nats</c>), else null.</summary>
    public Cluster.ClusterNode? Cluster { get; init; }

    private readonly IEventSink? ingest;
    private readonly IAlertStore? alertWrites;

    /// <summary>One line per message, to the service log (stderr by default).</summary>
    public required Action<string> Log { get; init; }

    /// <summary>Prometheus counters and gauges; every part adds its own (see <see cref="ServerMetrics"/>).</summary>
    public ServerMetrics Metrics { get; init; } = new();
}
