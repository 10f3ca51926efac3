using Vigil.Events.Prefilter;

namespace Vigil.Events.Readers;

/// <summary>Limits and choices for reading inputs; the defaults suit Elastic exports.</summary>
public sealed record ReaderOptions
{
    /// <summary>The format to assume instead of detecting it from the content.</summary>
    public InputFormat Format { get; init; } = InputFormat.Auto;

    /// <summary>A record (line or array element) longer than this is reported and skipped.</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>JSON nesting deeper than this is reported, wherever the framer parses.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Unused: JSON documents (<see cref="InputFormat.Json"/>) are streamed, whatever their size; only one value
    /// (element, hit, or a top-level object that is not a search response) is held, up to <see cref="MaxRecordBytes"/>.
    /// </summary>
    public long MaxDocumentBytes { get; init; } = 1L << 30;

    /// <summary>Size of the pooled read buffer.</summary>
    public int BufferBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Also parse every plain NDJSON line (structure and depth). Off by default: the projection step parses each
    /// line anyway and reports what it cannot read, so validating twice would only cost time.
    /// </summary>
    public bool ValidateNdjson { get; init; }

    /// <summary>
    /// The index to attribute events to when neither an envelope <c>_index</c> nor a complete <c>data_stream</c>
    /// names one (<c>--index NAME</c>); see <see cref="EventIndex.Resolve"/>.
    /// </summary>
    public string? Index { get; init; }

    /// <summary>
    /// Plain NDJSON only: lines this prefilter rejects are not delivered. They are still counted and checked cheaply
    /// (UTF-8, one object: starts with <c>{</c>, ends with <c>}</c>, balanced quotes), or fully when
    /// <see cref="ValidateNdjson"/> is set, and errors are reported as for any line. Candidate lines go to the sink
    /// as before. See <see cref="ChunkedNdjsonReader"/>.
    /// </summary>
    public LinePrefilter? Prefilter { get; init; }

    /// <summary>
    /// Plain NDJSON only: per-worker filters run on each candidate line in the worker threads, after the prefilter;
    /// a line a filter drops is counted as skipped, and the tags a filter adds reach an
    /// <see cref="ITaggedRecordSink"/> with the line. Each worker calls the factory once.
    /// </summary>
    public Func<IWorkerLineFilter>? WorkerFilter { get; init; }

    /// <summary>
    /// Plain NDJSON only: threads that scan chunks of the input (prefilter, checks, worker filter) while the calling
    /// thread reads and delivers them in input order; 1 does everything on the calling thread. Results do not depend
    /// on it.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Plain NDJSON read in chunks (with a prefilter, filter or several threads): bytes per chunk.</summary>
    public int ChunkBytes { get; init; } = 4 << 20;

    /// <summary>Shared default options.</summary>
    public static ReaderOptions Default { get; } = new();
}
