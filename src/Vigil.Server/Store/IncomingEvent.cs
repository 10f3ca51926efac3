namespace Vigil.Server.Store;

/// <summary>
/// One event as ingest hands it to the store: its index (data stream) and <c>_id</c>, and its source as one line of
/// compact UTF-8 JSON (no line feed). <see cref="Timestamp"/> is its <c>@timestamp</c> when readable;
/// <see cref="Ingested"/> its <c>event.ingested</c> (ingest sets it to the arrival time when absent, as Fleet's final
/// pipeline does, so Kibana's <c>timestamp_override: event.ingested</c> works).
/// </summary>
public sealed record IncomingEvent(string Index, string Id, ReadOnlyMemory<byte> Source, DateTimeOffset? Timestamp, DateTimeOffset Ingested);
