using System.Buffers;
using System.Text.Unicode;

namespace Vigil.Events.Readers;

/// <summary>
/// Frames line-oriented inputs (NDJSON, hit-per-line exports, <c>_bulk</c> bodies) from a stream through one pooled
/// buffer: lines are found with a vectorised <c>IndexOf('\n')</c> and handed on as slices, so nothing is allocated
/// per line. A line longer than the limit is reported and skipped up to the next newline without being buffered.
/// </summary>
/// <remarks>
/// Plain NDJSON lines are only checked for UTF-8 here; their JSON is parsed (and any error reported with the line)
/// by the projection step, which parses each line anyway. Set <see cref="ReaderOptions.ValidateNdjson"/> to parse
/// them here as well. Empty lines and lines starting with <c>//</c> are ignored.
/// </remarks>
internal sealed class LineFramer
{
    private readonly string _source;
    private readonly IRecordSink _sink;
    private readonly ReaderOptions _options;
    private readonly InputFormat _format;
    private readonly RecordInspector _inspector;
    private readonly DocumentFramer _documents;

    private BulkAction _pendingAction;
    private long _pendingLine;
    private byte[] _pendingIndex = new byte[128];
    private int _pendingIndexLength = -1;
    private byte[] _pendingId = new byte[128];
    private int _pendingIdLength = -1;

    public LineFramer(string source, IRecordSink sink, ReaderOptions options, InputFormat format)
    {
        _source = source;
        _sink = sink;
        _options = options;
        _format = format;
        _inspector = new RecordInspector(options.MaxDepth);
        _documents = new DocumentFramer(source, sink, options, _inspector);
    }

    /// <summary>
    /// Reads the stream to its end; returns the number of bytes read. <paramref name="endCheck"/>, given the byte
    /// count at the end, says whether the input is really complete (a cut-off .gz ends quietly); if not, the last
    /// unterminated line is reported rather than delivered.
    /// </summary>
    public long Read(Stream stream, Func<long, string?>? endCheck = null, long firstLine = 1, long firstOffset = 0)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_options.BufferBytes, 4096));
        int start = 0;
        int end = 0;
        int scanFrom = 0;
        long lineNumber = firstLine;
        long bufferOffset = firstOffset; // input offset of buffer[0]
        bool skipping = false; // inside an over-long line, looking for its end
        long skippedLine = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        bufferOffset += start;
                        end -= start;
                        scanFrom -= start;
                        start = 0;
                    }
                    else if (buffer.Length < _options.MaxRecordBytes + 1)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _options.MaxRecordBytes + 1L));
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    else
                    {
                        // The line does not fit the limit: report it once, then drop bytes until its newline.
                        skipping = true;
                        skippedLine = lineNumber;
                        _sink.Reject(new InputError(_source, lineNumber, null,
                            $"line is longer than the limit of {_options.MaxRecordBytes} bytes; skipped"));
                        bufferOffset += end;
                        start = end = scanFrom = 0;
                    }
                }

                int read;
                try
                {
                    read = stream.Read(buffer, end, buffer.Length - end);
                }
                catch (Exception exception) when (exception is IOException or InvalidDataException)
                {
                    _sink.Reject(new InputError(_source, lineNumber, null, $"input could not be read to its end ({exception.Message}); the rest is lost"));
                    if (end > start && !skipping)
                    {
                        _sink.Reject(new InputError(_source, lineNumber, null, "last line is incomplete; skipped"));
                    }
                    FlushPendingBulk();
                    return bufferOffset + end;
                }

                bool final = read == 0;
                end += read;

                while (true)
                {
                    int newline = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        scanFrom = end;
                        if (skipping)
                        {
                            bufferOffset += end;
                            start = end = scanFrom = 0;
                        }
                        break;
                    }
                    int lineEnd = scanFrom + newline;
                    if (skipping)
                    {
                        skipping = false;
                        lineNumber = skippedLine + 1;
                    }
                    else
                    {
                        HandleLine(buffer.AsSpan(start, lineEnd - start), lineNumber, bufferOffset + start);
                        lineNumber++;
                    }
                    start = scanFrom = lineEnd + 1;
                }

                if (final)
                {
                    string? problem = endCheck?.Invoke(bufferOffset + end);
                    if (problem is not null)
                    {
                        _sink.Reject(new InputError(_source, lineNumber, null, problem));
                        if (end > start && !skipping)
                        {
                            _sink.Reject(new InputError(_source, lineNumber, null, "last line is incomplete; skipped"));
                        }
                    }
                    else if (end > start && !skipping)
                    {
                        HandleLine(buffer.AsSpan(start, end - start), lineNumber, bufferOffset + start);
                    }
                    FlushPendingBulk();
                    return bufferOffset + end;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandleLine(ReadOnlySpan<byte> line, long lineNumber, long offset)
    {
        if (lineNumber == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..]; // a byte-order mark is not part of the first record
            offset += 3;
        }
        int first = line.IndexOfAnyExcept(" \t\r"u8);
        if (first < 0)
        {
            return; // empty lines separate nothing and mean nothing
        }
        if (line.Length > _options.MaxRecordBytes)
        {
            _sink.Reject(new InputError(_source, lineNumber, null, $"line is longer than the limit of {_options.MaxRecordBytes} bytes; skipped"));
            return;
        }
        int last = line.LastIndexOfAnyExcept(" \t\r"u8);
        ReadOnlySpan<byte> record = line[first..(last + 1)];
        if (record.Length > 1 && record[0] == (byte)'/' && record[1] == (byte)'/')
        {
            return;
        }
        if (!Utf8.IsValid(record))
        {
            _sink.Reject(new InputError(_source, lineNumber, first + Utf8Errors.FirstInvalidByte(record) + 1, "invalid UTF-8"));
            return;
        }
        var origin = new RecordOrigin(_source, lineNumber, offset + first);
        switch (_format)
        {
            case InputFormat.Hits:
                // The whole line (leading blanks included) so that columns count from the line's start.
                _documents.Frame(line[..(last + 1)], lineNumber, offset);
                break;
            case InputFormat.Bulk:
                HandleBulkLine(record, origin, first);
                break;
            default:
                if (_options.ValidateNdjson && !_inspector.Inspect(record, out RecordInspection inspection))
                {
                    RejectInspection(lineNumber, first, inspection);
                    return;
                }
                _sink.Accept(origin, record, default, default);
                break;
        }
    }

    private void HandleBulkLine(ReadOnlySpan<byte> record, in RecordOrigin origin, int first)
    {
        bool valid = _inspector.Inspect(record, out RecordInspection inspection);
        if (_pendingAction == BulkAction.None)
        {
            if (!valid)
            {
                RejectInspection(origin.Line, first, inspection);
            }
            else if (inspection.Action == BulkAction.None)
            {
                _sink.Reject(new InputError(_source, origin.Line, first + 1,
                    "expected a bulk action line such as {\"index\":{\"_index\":\"...\"}}"));
            }
            else if (inspection.Action != BulkAction.Delete)
            {
                _pendingAction = inspection.Action;
                _pendingLine = origin.Line;
                _pendingIndexLength = Keep(_inspector.Index(inspection), inspection.IndexLength, ref _pendingIndex);
                _pendingIdLength = Keep(_inspector.Id(inspection), inspection.IdLength, ref _pendingId);
            }
            return;
        }

        if (valid && inspection.Action != BulkAction.None)
        {
            // An action line where a source line belongs: the previous action lost its source.
            FlushPendingBulk();
            HandleBulkLine(record, origin, first);
            return;
        }
        BulkAction action = _pendingAction;
        _pendingAction = BulkAction.None;
        if (!valid)
        {
            RejectInspection(origin.Line, first, inspection);
        }
        else if (action == BulkAction.Update)
        {
            _sink.Reject(new InputError(_source, origin.Line, null,
                "bulk 'update' carries a partial document, not an event; skipped"));
        }
        else
        {
            _sink.Accept(origin, record,
                _pendingIndexLength < 0 ? default : _pendingIndex.AsSpan(0, _pendingIndexLength),
                _pendingIdLength < 0 ? default : _pendingId.AsSpan(0, _pendingIdLength));
        }
    }

    private void FlushPendingBulk()
    {
        if (_pendingAction != BulkAction.None)
        {
            _sink.Reject(new InputError(_source, _pendingLine, null,
                $"bulk '{_pendingAction.ToString().ToLowerInvariant()}' action has no source line"));
            _pendingAction = BulkAction.None;
        }
    }

    private void RejectInspection(long lineNumber, int first, in RecordInspection inspection)
    {
        long line = lineNumber + inspection.ErrorLine;
        long column = inspection.ErrorLine == 0 ? first + inspection.ErrorByteInLine + 1 : inspection.ErrorByteInLine + 1;
        _sink.Reject(new InputError(_source, line, column, inspection.Error!));
    }

    private static int Keep(ReadOnlySpan<byte> value, int length, ref byte[] store)
    {
        if (length < 0)
        {
            return -1;
        }
        if (store.Length < value.Length)
        {
            store = new byte[value.Length * 2];
        }
        value.CopyTo(store);
        return value.Length;
    }
}
