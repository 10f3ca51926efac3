namespace Vigil.Server.Store;

/// <summary>Where ingest hands accepted events: the local event store, or (cluster mode) the JetStream partitions.</summary>
public interface IEventSink
{
    /// <summary>
    /// Appends the events in order; completes only once they are durable (on disk, see docs/serve.md for the fsync
    /// policy; in cluster mode, acked by JetStream). The events' sources belong to the caller again once the task
    /// completes (ingest reuses its request buffers), so an implementation copies whatever it keeps.
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken);
}
