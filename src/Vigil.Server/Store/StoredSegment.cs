namespace Vigil.Server.Store;

/// <summary>
/// One sealed segment: <see cref="Path"/> is plain NDJSON, one event source per line (line 1 is the first event), so
/// <c>InputReader</c> reads it at scan speed with the prefilter; <see cref="EnvelopeOf"/> gives a line's index and id.
/// </summary>
public abstract class StoredSegment
{
    public abstract string Path { get; }

    public abstract long Events { get; }

    public abstract long Bytes { get; }

    /// <summary>Earliest and latest of both <c>@timestamp</c> and <c>event.ingested</c> over the segment's events.</summary>
    public abstract DateTimeOffset MinTime { get; }

    public abstract DateTimeOffset MaxTime { get; }

    /// <summary>The <c>_index</c> and <c>_id</c> of the event on 1-based <paramref name="line"/>.</summary>
    public abstract (string Index, string Id) EnvelopeOf(long line);
}
