namespace Vigil.Server.Store;

/// <summary>
/// One event as ingest hands it to the store: its index (data stream) and <c>_id</c>, and its source as one line of
/// compact UTF-8 JSON (no line feed), with <see cref="Insertion"/> placed inside it when written. <see cref="Timestamp"/>
/// is its <c>@timestamp</c> when readable; <see cref="Ingested"/> its <c>event.ingested</c> (ingest sets it to the
/// arrival time when absent, as Fleet's final pipeline does, so Kibana's <c>timestamp_override: event.ingested</c> works).
/// <see cref="Source"/> may be a slice of a pooled request buffer: a store copies what it keeps before the task of
/// <see cref="IEventStore.AppendAsync"/> completes.
/// </summary>
public sealed record IncomingEvent(string Index, string Id, ReadOnlyMemory<byte> Source, DateTimeOffset? Timestamp, DateTimeOffset Ingested)
{
    public SourceInsertion Insertion { get; init; }

    /// <summary>Bytes of the stored line (source with the insertion, no line feed).</summary>
    public int LineLength => Insertion.LengthWith(Source.Span);

    /// <summary>The stored line as a new array (cold paths and tests).</summary>
    public byte[] LineToArray() => Insertion.ToArrayWith(Source.Span);
}
