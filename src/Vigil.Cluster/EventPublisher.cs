using NATS.Client.JetStream;

namespace Vigil.Cluster;

/// <summary>
/// Publishes one event per document to <c>vigil.ev.&lt;host.id&gt;</c> with <c>Nats-Msg-Id</c> = the document's _id,
/// so a client's retry inside the stream's duplicate window is dropped by the server, not stored twice.
/// </summary>
public sealed class EventPublisher(INatsJSContext js)
{
    /// <summary>Returns false when the server dropped it as a duplicate.</summary>
    public async Task<bool> PublishAsync(string hostId, string documentId, ReadOnlyMemory<byte> source, CancellationToken cancel = default)
    {
        var ack = await js.PublishAsync(ClusterSubjects.Event(hostId), source.ToArray(), opts: new NatsJSPubOpts { MsgId = documentId }, cancellationToken: cancel);
        if (ack.Duplicate)
        {
            return false;
        }
        ack.EnsureSuccess();
        return true;
    }
}
