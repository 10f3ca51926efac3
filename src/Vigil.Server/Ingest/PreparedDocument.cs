namespace Vigil.Server.Ingest;

/// <summary>
/// A document checked and ready for the store (<see cref="Failed"/> false): one compact line of valid UTF-8 JSON, its
/// <c>@timestamp</c> and <c>event.ingested</c>; or why it was refused, as Elasticsearch's error type and reason.
/// </summary>
public readonly record struct PreparedDocument(ReadOnlyMemory<byte> Source, DateTimeOffset? Timestamp, DateTimeOffset Ingested, string? ErrorType, string? ErrorReason)
{
    public bool Failed => ErrorType is not null;

    public static PreparedDocument Refused(string type, string reason) => new(ReadOnlyMemory<byte>.Empty, null, default, type, reason);
}
