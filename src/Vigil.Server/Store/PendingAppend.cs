namespace Vigil.Server.Store;

/// <summary>
/// One <see cref="SegmentEventStore.AppendAsync"/> call waiting for its group commit, already encoded on the caller's
/// thread (event lines, envelope lines with checksums, time range), so the writer only writes and fsyncs and the
/// encoding of the next appends runs on other cores while it waits for the disk.
/// </summary>
internal sealed class PendingAppend : IDisposable
{
    private readonly ByteBuffer eventLines;
    private readonly ByteBuffer envelopeLines;

    public PendingAppend(IReadOnlyList<IncomingEvent> events, long bytes)
    {
        Count = events.Count;
        eventLines = new ByteBuffer(checked((int)bytes));
        envelopeLines = new ByteBuffer(events.Count * 96);
        var times = default(SegmentTimes);
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            var length = incoming.LineLength;
            var line = eventLines.Reserve(length + 1);
            incoming.Insertion.CopyWith(incoming.Source.Span, line);
            line[length] = (byte)'\n';
            eventLines.Advance(length + 1);
            long? timestamp = incoming.Timestamp?.UtcTicks;
            var ingested = incoming.Ingested.UtcTicks;
            EnvelopeLine.Write(envelopeLines, length, LineChecksum.Of(line[..length]), timestamp, ingested, i == events.Count - 1, incoming.Index, incoming.Id);
            times.Add(timestamp, ingested);
        }
        Times = times;
    }

    public int Count { get; }

    public SegmentTimes Times { get; }

    /// <summary>Its event lines, line feeds included.</summary>
    public ReadOnlyMemory<byte> EventLines => eventLines.WrittenMemory;

    public ReadOnlyMemory<byte> EnvelopeLines => envelopeLines.WrittenMemory;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        eventLines.Dispose();
        envelopeLines.Dispose();
    }
}
