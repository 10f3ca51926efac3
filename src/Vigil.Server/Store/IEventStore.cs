namespace Vigil.Server.Store;

/// <summary>The embedded, append-only, time-indexed event store under <c>--data</c>.</summary>
public interface IEventStore : IEventSink, IDisposable
{

    /// <summary>
    /// Sealed segment files that may hold events whose <c>@timestamp</c> or <c>event.ingested</c> falls in
    /// [<paramref name="from"/>, <paramref name="to"/>], oldest first. Segments are immutable once returned (the active
    /// segment is sealed first when it overlaps), so they can be read with the fast NDJSON readers.
    /// </summary>
    IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Deletes segments whose newest event (both time fields) is older than <paramref name="before"/>.</summary>
    int DeleteOlderThan(DateTimeOffset before);

    EventStoreStats Stats { get; }
}
