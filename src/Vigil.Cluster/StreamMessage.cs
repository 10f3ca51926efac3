using NATS.Client.Core;

namespace Vigil.Cluster;

/// <summary>
/// One stored message as a reader hands it on: its stream sequence, how many of the consumer's messages were still
/// waiting behind it when it was delivered (0 = the reader has caught up), its subject, headers and body.
/// </summary>
public sealed record StreamMessage(ulong Sequence, ulong Pending, string Subject, NatsHeaders? Headers, ReadOnlyMemory<byte> Body)
{
    public string? Header(string name) => Headers is not null && Headers.TryGetValue(name, out var values) ? values.ToString() : null;
}
