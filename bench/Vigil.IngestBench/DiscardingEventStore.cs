using Vigil.Server.Store;

namespace Vigil.IngestBench;

/// <summary>A store that keeps nothing: measures the HTTP and ingest path alone, without the disk.</summary>
public sealed class DiscardingEventStore : IEventStore
{
    private long events;
    private long bytes;

    public ValueTask AppendAsync(IReadOnlyList<IncomingEvent> incoming, CancellationToken cancellationToken)
    {
        long size = 0;
        foreach (var e in incoming)
        {
            size += e.LineLength + 1;
        }
        Interlocked.Add(ref events, incoming.Count);
        Interlocked.Add(ref bytes, size);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to) => [];

    public int DeleteOlderThan(DateTimeOffset before) => 0;

    public EventStoreStats Stats => new(0, Interlocked.Read(ref events), Interlocked.Read(ref bytes), null, null);

    public void Dispose()
    {
    }
}
