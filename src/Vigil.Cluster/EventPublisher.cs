using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Vigil.Cluster;

/// <summary>
/// Publishes one event per document to <c>vigil.ev.&lt;host.id&gt;</c> with <c>Nats-Msg-Id</c> = the document's id,
/// so a client's retry inside the stream's duplicate window is dropped by the server, not stored twice.
/// </summary>
public sealed class EventPublisher(INatsJSContext js)
{
    /// <summary>Publishes awaiting each ack before the next; most a batch keeps in flight is <see cref="PublishAllAsync"/>'s.</summary>
    public const int InFlight = 256;

    /// <summary>Returns false when the server dropped it as a duplicate.</summary>
    public async Task<bool> PublishAsync(string hostId, string documentId, ReadOnlyMemory<byte> source, CancellationToken cancel = default, NatsHeaders? headers = null)
    {
        // A copy: the caller's memory may be a pooled request buffer, reused once this returns.
        var ack = await js.PublishAsync(ClusterSubjects.Event(hostId), source.ToArray(), opts: new NatsJSPubOpts { MsgId = documentId }, headers: headers, cancellationToken: cancel);
        if (ack.Duplicate)
        {
            return false;
        }
        ack.EnsureSuccess();
        return true;
    }

    /// <summary>
    /// Publishes every event with up to <see cref="InFlight"/> acks awaited together (one round trip each would cap a
    /// worker at a few hundred events a second) and completes once JetStream acked all of them; throws if any was
    /// refused. A duplicate counts as stored: an earlier publish of the same id is in the stream.
    /// </summary>
    public async Task PublishAllAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancel = default)
    {
        var pending = new List<Task>(Math.Min(events.Count, InFlight));
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            pending.Add(PublishAsync(e.HostId, e.MessageId, e.Body, cancel, e.Headers));
            if (pending.Count == InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
    }
}

/// <summary>One event to publish: the host that picks its partition, its dedup id, its bytes and headers.</summary>
public readonly record struct OutgoingEvent(string HostId, string MessageId, ReadOnlyMemory<byte> Body, NatsHeaders? Headers);
