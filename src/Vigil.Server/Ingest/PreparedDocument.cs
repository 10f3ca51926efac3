namespace Vigil.Server.Ingest;

/// <summary>
/// A document checked and ready for the store (<see cref="Failed"/> false): one compact line of valid UTF-8 JSON
/// (<see cref="Source"/> with <see cref="Insertion"/> placed inside it), its <c>@timestamp</c> and
/// <c>event.ingested</c>; or why it was refused, as Elasticsearch's error type and reason.
/// </summary>
public readonly record struct PreparedDocument(ReadOnlyMemory<byte> Source, DateTimeOffset? Timestamp, DateTimeOffset Ingested, string? ErrorType, string? ErrorReason)
{
    public bool Failed => ErrorType is not null;

    public Store.SourceInsertion Insertion { get; init; }

    /// <summary>The line the store will write, as a new array (cold paths and tests).</summary>
    public byte[] LineToArray() => Insertion.ToArrayWith(Source.Span);

    public static PreparedDocument Refused(string type, string reason) => new(ReadOnlyMemory<byte>.Empty, null, default, type, reason);
}
