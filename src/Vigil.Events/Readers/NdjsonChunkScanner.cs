using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using Vigil.Events.Prefilter;

namespace Vigil.Events.Readers;

/// <summary>
/// The work one reader thread does on a chunk of NDJSON lines: find the lines the prefilter keeps (a vectorised
/// search over the whole chunk), walk every line once to number it and check it, and run the worker filter on the
/// candidates. Lines the prefilter rejects cannot match, so they are not parsed: they get the cheap checks that catch
/// what breaks lines in practice (bad UTF-8, cut-off or glued records), or a full parse when
/// <see cref="ReaderOptions.ValidateNdjson"/> asks for one. Candidate lines are parsed by the sink anyway, which
/// reports their errors. Each thread has its own scanner.
/// </summary>
internal sealed class NdjsonChunkScanner
{
    private readonly LinePrefilter? prefilter;
    private readonly IWorkerLineFilter? filter;
    private readonly ReaderOptions options;
    private readonly RecordInspector inspector;
    private readonly List<LineRange> candidates = [];
    private readonly List<int> tags = [];
    // With only the escape triggers in force, the line walk finds them (a line holding one is a candidate) and the
    // prefilter's own sweep for them is saved.
    private readonly bool walkFindsTriggers;
    private int nextCandidate;

    public NdjsonChunkScanner(LinePrefilter? prefilter, IWorkerLineFilter? filter, ReaderOptions options)
    {
        this.prefilter = prefilter is { PassesEverything: false } ? prefilter : null;
        walkFindsTriggers = this.prefilter is not null && this.prefilter.Triggers.SequenceEqual(LinePrefilter.EscapeTriggers);
        this.filter = filter;
        this.options = options;
        inspector = new RecordInspector(options.MaxDepth);
    }

    /// <summary>Fills the chunk's entries, errors, tags, skipped count and line feeds.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Scan(NdjsonChunk chunk)
    {
        var buffer = chunk.Data;
        candidates.Clear();
        prefilter?.FindCandidateLines(buffer, candidates, searchTriggers: !walkFindsTriggers);
        nextCandidate = 0;
        var walk = new LineWalk();
        var i = 0;
        // One pass finds the line feeds and, per line, counts quotes and notes escapes and non-ASCII bytes, 32 bytes
        // at a time; the rare blocks with a backslash or a non-ASCII byte are walked byte by byte.
        if (Vector256.IsHardwareAccelerated)
        {
            ref var origin = ref MemoryMarshal.GetReference(buffer);
            var lineFeed = Vector256.Create((byte)'\n');
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            for (; i + Vector256<byte>.Count <= buffer.Length; i += Vector256<byte>.Count)
            {
                var block = Vector256.LoadUnsafe(ref origin, (nuint)i);
                if ((Vector256.Equals(block, backslash).ExtractMostSignificantBits() | block.ExtractMostSignificantBits()) != 0)
                {
                    WalkBytes(chunk, buffer, i, i + Vector256<byte>.Count, ref walk);
                    continue;
                }
                var feeds = Vector256.Equals(block, lineFeed).ExtractMostSignificantBits();
                var quoteBits = Vector256.Equals(block, quote).ExtractMostSignificantBits();
                while (feeds != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(feeds);
                    var before = (1u << bit) - 1;
                    walk.Quotes += BitOperations.PopCount(quoteBits & before);
                    quoteBits &= ~before;
                    EndLine(chunk, buffer, i + bit, ref walk);
                    feeds &= feeds - 1;
                }
                walk.Quotes += BitOperations.PopCount(quoteBits);
            }
        }
        WalkBytes(chunk, buffer, i, buffer.Length, ref walk);
        if (walk.LineStart < buffer.Length)
        {
            ScanLine(chunk, buffer, walk.LineStart, buffer.Length, walk.Line, walk.Quotes, walk.Flags);
        }
        chunk.LineFeeds = walk.Line;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void WalkBytes(NdjsonChunk chunk, ReadOnlySpan<byte> buffer, int from, int to, ref LineWalk walk)
    {
        for (var i = from; i < to; i++)
        {
            var b = buffer[i];
            if (b == (byte)'\n')
            {
                EndLine(chunk, buffer, i, ref walk);
            }
            else if (b == (byte)'"')
            {
                walk.Quotes++;
            }
            else if (b == (byte)'\\')
            {
                if (i + 1 < buffer.Length && buffer[i + 1] is (byte)'u' or (byte)'/')
                {
                    walk.Flags |= LineFlags.Escape;
                }
            }
            else if (b >= 0x80)
            {
                walk.Flags |= LineFlags.NonAscii;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void EndLine(NdjsonChunk chunk, ReadOnlySpan<byte> buffer, int lineFeed, ref LineWalk walk)
    {
        ScanLine(chunk, buffer, walk.LineStart, lineFeed, walk.Line, walk.Quotes, walk.Flags);
        walk.Line++;
        walk.LineStart = lineFeed + 1;
        walk.Quotes = 0;
        walk.Flags = LineFlags.None;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ScanLine(NdjsonChunk chunk, ReadOnlySpan<byte> buffer, int start, int end, long line, int quotes, LineFlags flags)
    {
        var candidate = true;
        if (prefilter is not null && !(walkFindsTriggers && (flags & LineFlags.Escape) != 0))
        {
            // Candidates come in buffer order and each starts where its line starts.
            while (nextCandidate < candidates.Count && candidates[nextCandidate].Start < start)
            {
                nextCandidate++;
            }
            candidate = nextCandidate < candidates.Count && candidates[nextCandidate].Start == start;
        }
        var raw = buffer[start..end];
        if (chunk.IsFirst && line == 0 && raw.StartsWith("\uFEFF"u8))
        {
            raw = raw[3..]; // a byte-order mark is not part of the first record
            start += 3;
        }
        // Events start with '{' and end with '}': the common case needs no search (a per-line call into the span
        // helpers also runs unoptimised code for a while after start-up, which shows on a one-second scan).
        var first = raw.Length > 0 && raw[0] == (byte)'{' ? 0 : raw.IndexOfAnyExcept(" \t\r"u8);
        if (first < 0)
        {
            return; // empty lines separate nothing and mean nothing
        }
        if (raw.Length > options.MaxRecordBytes)
        {
            chunk.AddError(line, null, $"line is longer than the limit of {options.MaxRecordBytes} bytes; skipped");
            return;
        }
        var last = raw[^1] == (byte)'}' ? raw.Length - 1 : raw.LastIndexOfAnyExcept(" \t\r"u8);
        var record = raw[first..(last + 1)];
        if (record.Length > 1 && record[0] == (byte)'/' && record[1] == (byte)'/')
        {
            return;
        }
        if ((flags & LineFlags.NonAscii) != 0 && !Utf8.IsValid(record))
        {
            chunk.AddError(line, first + Utf8Errors.FirstInvalidByte(record) + 1, "invalid UTF-8");
            return;
        }
        if (options.ValidateNdjson)
        {
            if (!inspector.Inspect(record, out var inspection))
            {
                chunk.AddError(line + inspection.ErrorLine,
                    inspection.ErrorLine == 0 ? first + inspection.ErrorByteInLine + 1 : inspection.ErrorByteInLine + 1,
                    inspection.Error!);
                return;
            }
        }
        else if (!candidate && !LooksLikeOneObject(chunk, record, line, first, quotes))
        {
            return;
        }
        if (!candidate)
        {
            chunk.Skipped++;
            return;
        }
        var tagStart = chunk.Tags.Count;
        if (filter is not null)
        {
            tags.Clear();
            if (!filter.Keep(record, tags))
            {
                chunk.Skipped++;
                return;
            }
            chunk.Tags.AddRange(tags);
        }
        chunk.Entries.Add(new ChunkEntry(start + first, record.Length, line, tagStart, chunk.Tags.Count - tagStart));
    }

    /// <summary>
    /// The cheap check for a line nobody will parse: one object from its first to its last byte, and an even count
    /// of quotes when no backslash can escape one. A cut-off or half-written record fails it.
    /// </summary>
    private static bool LooksLikeOneObject(NdjsonChunk chunk, ReadOnlySpan<byte> record, long line, int first, int quotes)
    {
        if (record[0] != (byte)'{')
        {
            chunk.AddError(line, first + 1, "expected a JSON object: the line does not start with '{'");
            return false;
        }
        if (record[^1] != (byte)'}')
        {
            chunk.AddError(line, first + record.Length, "the JSON object is not closed: the line does not end with '}' (cut off?)");
            return false;
        }
        if ((quotes & 1) != 0 && !record.Contains((byte)'\\'))
        {
            chunk.AddError(line, null, "a JSON string is not closed: the line has an odd number of quotes (cut off?)");
            return false;
        }
        return true;
    }

    [Flags]
    private enum LineFlags
    {
        None = 0,
        Escape = 1,
        NonAscii = 2,
    }

    /// <summary>Where the walk is: the current line's start, number, quote count and flags.</summary>
    private struct LineWalk
    {
        public int LineStart;
        public long Line;
        public int Quotes;
        public LineFlags Flags;
    }
}
