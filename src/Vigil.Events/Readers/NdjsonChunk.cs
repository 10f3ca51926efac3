namespace Vigil.Events.Readers;

/// <summary>
/// One chunk of whole NDJSON lines on its way through the chunked reader: the bytes (a pooled buffer), where they
/// start in the input, and, once a worker has scanned it, what to deliver: records and errors in line order, with
/// line numbers relative to the chunk's first line (the consumer adds the lines of the chunks before it).
/// </summary>
internal sealed class NdjsonChunk
{
    public byte[] Buffer = [];

    public int Length;

    /// <summary>Set for a chunk of a memory-mapped file: its bytes, in place of <see cref="Buffer"/>.</summary>
    public ReadOnlyMemory<byte> Mapped;

    public bool IsMapped;

    /// <summary>The mapping behind <see cref="Mapped"/>, unmapped when the chunk is reset after delivery.</summary>
    public IDisposable? View;

    /// <summary>The chunk's bytes.</summary>
    public ReadOnlySpan<byte> Data => IsMapped ? Mapped.Span : Buffer.AsSpan(0, Length);

    /// <summary>Input offset of <see cref="Buffer"/>[0].</summary>
    public long Offset;

    /// <summary>Line feeds in the chunk: how far it moves the line count.</summary>
    public long LineFeeds;

    /// <summary>Whether the chunk holds the input's first line (which may start with a byte-order mark).</summary>
    public bool IsFirst;

    /// <summary>An error-only chunk made by the reading thread (over-long line, read failure): nothing to scan.</summary>
    public bool IsMarker;

    public readonly List<ChunkEntry> Entries = [];

    public readonly List<ChunkError> Errors = [];

    public readonly List<int> Tags = [];

    public long Skipped;

    /// <summary>Set by the worker when the scan is done (or failed with <see cref="Failure"/>).</summary>
    public readonly ManualResetEventSlim Scanned = new(false);

    public Exception? Failure;

    public void Reset()
    {
        Length = 0;
        Mapped = default;
        IsMapped = false;
        View?.Dispose();
        View = null;
        Offset = 0;
        LineFeeds = 0;
        IsFirst = false;
        IsMarker = false;
        Entries.Clear();
        Errors.Clear();
        Tags.Clear();
        Skipped = 0;
        Failure = null;
        Scanned.Reset();
    }

    public void AddError(long line, long? column, string reason)
    {
        Entries.Add(new ChunkEntry(-1, Errors.Count, line, 0, 0));
        Errors.Add(new ChunkError(line, column, reason));
    }
}

/// <summary>
/// A record (<see cref="Start"/> ≥ 0: its trimmed bytes at Start..Start+Length, tags at TagStart..TagStart+TagCount)
/// or an error (<see cref="Start"/> = -1, <see cref="Length"/> = index into the chunk's errors), on a line counted
/// from 0 at the chunk's start.
/// </summary>
internal readonly record struct ChunkEntry(int Start, int Length, long Line, int TagStart, int TagCount);

/// <summary>An error on a line counted from 0 at the chunk's start.</summary>
internal readonly record struct ChunkError(long Line, long? Column, string Reason);
