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

    public NdjsonChunkScanner(LinePrefilter? prefilter, IWorkerLineFilter? filter, ReaderOptions options)
    {
        this.prefilter = prefilter is { PassesEverything: false } ? prefilter : null;
        this.filter = filter;
        this.options = options;
        inspector = new RecordInspector(options.MaxDepth);
    }

    /// <summary>Fills the chunk's entries, errors, tags, skipped count and line feeds.</summary>
    public void Scan(NdjsonChunk chunk)
    {
        var buffer = chunk.Buffer.AsSpan(0, chunk.Length);
        candidates.Clear();
        prefilter?.FindCandidateLines(buffer, candidates);
        var next = 0;
        var position = 0;
        long line = 0;
        while (position < buffer.Length)
        {
            var lineFeed = buffer[position..].IndexOf((byte)'\n');
            var end = lineFeed < 0 ? buffer.Length : position + lineFeed;
            var candidate = true;
            if (prefilter is not null)
            {
                // Candidates come in buffer order and each starts where its line starts.
                while (next < candidates.Count && candidates[next].Start < position)
                {
                    next++;
                }
                candidate = next < candidates.Count && candidates[next].Start == position;
            }
            ScanLine(chunk, position, end, line, candidate);
            if (lineFeed < 0)
            {
                break;
            }
            line++;
            position = end + 1;
        }
        chunk.LineFeeds = line;
    }

    private void ScanLine(NdjsonChunk chunk, int start, int end, long line, bool candidate)
    {
        var raw = chunk.Buffer.AsSpan(start, end - start);
        if (chunk.IsFirst && line == 0 && raw.StartsWith("\uFEFF"u8))
        {
            raw = raw[3..]; // a byte-order mark is not part of the first record
            start += 3;
        }
        var first = raw.IndexOfAnyExcept(" \t\r"u8);
        if (first < 0)
        {
            return; // empty lines separate nothing and mean nothing
        }
        if (raw.Length > options.MaxRecordBytes)
        {
            chunk.AddError(line, null, $"line is longer than the limit of {options.MaxRecordBytes} bytes; skipped");
            return;
        }
        var last = raw.LastIndexOfAnyExcept(" \t\r"u8);
        var record = raw[first..(last + 1)];
        if (record.Length > 1 && record[0] == (byte)'/' && record[1] == (byte)'/')
        {
            return;
        }
        if (!Utf8.IsValid(record))
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
        else if (!candidate && !LooksLikeOneObject(chunk, record, line, first))
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
    private static bool LooksLikeOneObject(NdjsonChunk chunk, ReadOnlySpan<byte> record, long line, int first)
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
        if ((record.Count((byte)'"') & 1) != 0 && !record.Contains((byte)'\\'))
        {
            chunk.AddError(line, null, "a JSON string is not closed: the line has an odd number of quotes (cut off?)");
            return false;
        }
        return true;
    }
}
