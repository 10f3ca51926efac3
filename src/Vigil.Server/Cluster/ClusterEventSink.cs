using Vigil.Cluster;
using Vigil.Server.Store;

namespace Vigil.Server.Cluster;

/// <summary>
/// Cluster-mode ingest: each accepted event is published to its host's partition, and the append completes once
/// JetStream acked every one — the durability point of a 201 in cluster mode (stored on the stream's replicas, not yet
/// in any worker's local store). A refused or unanswered publish fails the whole append, so the request gets 503 and
/// a client's retry is deduplicated by <c>Nats-Msg-Id</c>.
/// </summary>
public sealed class ClusterEventSink(EventPublisher publisher) : IEventSink
{
    public async ValueTask AppendAsync(IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken)
    {
        var messages = new OutgoingEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            messages[i] = EventMessages.ToMessage(events[i]);
        }
        await publisher.PublishAllAsync(messages, cancellationToken).ConfigureAwait(false);
    }
}
