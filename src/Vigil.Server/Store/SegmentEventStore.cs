namespace Vigil.Server.Store;

/// <summary>The event store on local disk: NDJSON segment files with an envelope sidecar and a time index (docs/serve.md).</summary>
public sealed class SegmentEventStore : IEventStore
{
    public SegmentEventStore(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public EventStoreStats Stats => throw new NotImplementedException();

    public ValueTask AppendAsync(IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken) => throw new NotImplementedException();

    public IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();

    public int DeleteOlderThan(DateTimeOffset before) => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
