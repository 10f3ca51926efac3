using System.Buffers;

namespace Vigil.Events.Readers;

/// <summary>
/// Reads JSON documents (arrays of events or hits, pretty-printed objects, search responses) from a stream through
/// a sliding buffer, so a document of any size is read in bounded memory: only one value (an array element, a hit,
/// or a whole top-level object that is not a search response) must fit, up to <see cref="ReaderOptions.MaxRecordBytes"/>.
/// Each complete value is handed to <see cref="DocumentFramer"/>, which reports a broken one and frames the rest.
/// </summary>
/// <remarks>
/// A search response (<c>{"took":..,"hits":{"total":..,"hits":[..]}}</c>) is recognised from its members as they
/// come: the members before <c>hits.hits</c> are stepped over, the hits are framed one by one, and what follows the
/// array is stepped over again. An array that never closes (its first line was cut off, say) is not allowed to
/// swallow the file: the reader says so and reads the rest as NDJSON lines from the line after the element's start.
/// </remarks>
internal sealed class DocumentStreamReader
{
    private readonly string _source;
    private readonly IRecordSink _sink;
    private readonly ReaderOptions _options;
    private readonly DocumentFramer _framer;
    private readonly int _limit;

    private Stream _stream = Stream.Null;
    private Func<long, string?>? _endCheck;
    private byte[] _buffer = [];
    private int _length;
    private bool _eof;
    private int _pos;
    private int _keep;
    private long _bytesRead;
    // Place of _buffer[0] in the input.
    private long _baseLine = 1;
    private long _baseColumn = 1;
    private long _baseOffset;
    // Line of _buffer[_lineCursor], so that reports count each newline about once.
    private int _lineCursor;
    private long _lineCursorLine = 1;
    private bool _handedToLines;

    public DocumentStreamReader(string source, IRecordSink sink, ReaderOptions options)
    {
        _source = source;
        _sink = sink;
        _options = options;
        _framer = new DocumentFramer(source, sink, options, new RecordInspector(options.MaxDepth));
        _limit = (int)Math.Min(Array.MaxLength / 2, Math.Max(options.MaxRecordBytes + 1L, 4096L));
    }

    /// <summary>Reads the stream to its end; returns the number of bytes read.</summary>
    public long Read(Stream stream, Func<long, string?>? endCheck)
    {
        _stream = stream;
        _endCheck = endCheck;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Clamp(_options.BufferBytes, 4096, _limit));
        try
        {
            Fill();
            while (!_handedToLines)
            {
                _keep = _pos;
                if (!SkipSpace())
                {
                    break;
                }
                byte b = _buffer[_pos];
                if (b == (byte)'[')
                {
                    _pos++;
                    ReadArray();
                }
                else if (b == (byte)'{')
                {
                    ReadTopObject();
                }
                else if (b == (byte)',')
                {
                    _pos++;
                }
                else
                {
                    Report(_pos, "expected '{' or '[' (a JSON object or an array of objects)");
                    SkipToNextLine();
                }
            }
            return _bytesRead;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void ReadArray()
    {
        while (!_handedToLines)
        {
            _keep = _pos;
            if (!SkipSpace())
            {
                Report(_length, "unterminated array (missing ']')");
                return;
            }
            byte b = _buffer[_pos];
            if (b == (byte)']')
            {
                _pos++;
                return;
            }
            if (b == (byte)',')
            {
                _pos++; // separators, and the trailing comma hand-written files often have
                continue;
            }
            if (!ValueEnd(out int end, out int errorAt, out string? reason, out bool cutOff))
            {
                if (cutOff)
                {
                    // The array cannot close: whatever follows the element's first line is read as lines rather
                    // than lost in one "unterminated" error at the end of the file.
                    long line = LineOf(_pos);
                    Report(_pos, $"{reason}; the JSON array never closes, so the rest is read as NDJSON lines from line {line + 1}");
                    HandToLines(line + 1);
                    return;
                }
                Report(errorAt, reason!);
                Resynchronise();
                continue;
            }
            if (b == (byte)'{')
            {
                Frame(_pos, end);
            }
            else
            {
                Report(_pos, "array element is not a JSON object");
            }
            _pos = end;
        }
    }

    /// <summary>A top-level object: a search response, streamed hit by hit, or one event (pretty-printed).</summary>
    private void ReadTopObject()
    {
        _keep = _pos;
        if (FindHitsArray())
        {
            _pos++; // past the '[' of hits.hits
            ReadArray();
            if (!_handedToLines)
            {
                StepOverRest(depth: 2);
            }
            return;
        }
        _pos = _keep; // the walk may have moved the buffer: the object starts at _keep
        if (!ValueEnd(out int end, out int errorAt, out string? reason, out bool cutOff))
        {
            if (cutOff)
            {
                long line = LineOf(_pos);
                Report(_pos, $"{reason}; the rest is read as NDJSON lines from line {line + 1}");
                HandToLines(line + 1);
                return;
            }
            Report(errorAt, reason!);
            Resynchronise();
            return;
        }
        Frame(_pos, end);
        _pos = end;
    }

    /// <summary>
    /// Walks the members of the object at <see cref="_keep"/> looking for <c>hits.hits</c> as an array; true with
    /// <see cref="_pos"/> on its <c>[</c>. False when the object is not a search response (or is broken: the whole-
    /// value path then reports it), with the buffer still holding the object from <see cref="_keep"/>.
    /// </summary>
    private bool FindHitsArray()
    {
        _pos = _keep + 1;
        int level = 1;
        while (true)
        {
            if (!SkipSpace() || _buffer[_pos] != (byte)'"')
            {
                return false;
            }
            if (!ValueEnd(out int keyEnd, out _, out _, out _))
            {
                return false;
            }
            bool isHits = _buffer.AsSpan(_pos, keyEnd - _pos).SequenceEqual("\"hits\""u8);
            _pos = keyEnd;
            if (!SkipSpace() || _buffer[_pos] != (byte)':')
            {
                return false;
            }
            _pos++;
            if (!SkipSpace())
            {
                return false;
            }
            if (isHits && level == 1 && _buffer[_pos] == (byte)'{')
            {
                level = 2;
                _pos++;
                continue;
            }
            if (isHits && level == 2 && _buffer[_pos] == (byte)'[')
            {
                return true;
            }
            if (!ValueEnd(out int valueEnd, out _, out _, out _))
            {
                return false;
            }
            _pos = valueEnd;
            if (!SkipSpace() || _buffer[_pos] != (byte)',')
            {
                return false;
            }
            _pos++;
        }
    }

    /// <summary>After the hits array: steps over the response's remaining members up to its closing brace.</summary>
    private void StepOverRest(int depth)
    {
        while (depth > 0)
        {
            _keep = _pos;
            if (!SkipSpace())
            {
                Report(_length, "unterminated object (missing '}')");
                return;
            }
            byte b = _buffer[_pos];
            if (b == (byte)',')
            {
                _pos++;
            }
            else if (b == (byte)'}')
            {
                _pos++;
                depth--;
            }
            else if (b == (byte)'"' || b == (byte)':')
            {
                if (b == (byte)':')
                {
                    _pos++;
                    if (!SkipSpace())
                    {
                        continue;
                    }
                }
                if (!ValueEnd(out int end, out int errorAt, out string? reason, out _))
                {
                    Report(errorAt, reason!);
                    Resynchronise();
                    return;
                }
                _pos = end;
            }
            else
            {
                Report(_pos, "expected a member of the search response");
                Resynchronise();
                return;
            }
        }
    }

    private void Frame(int start, int end) =>
        _framer.Frame(_buffer.AsSpan(start, end - start), LineOf(start), _baseOffset + start, ColumnOf(start));

    /// <summary>
    /// The end of the value at <see cref="_pos"/>, reading more of the input while the value is still open (it
    /// then stays in the buffer from <see cref="_keep"/>). <paramref name="cutOff"/> says the value never ends: the
    /// input ended, or the value outgrew the record limit.
    /// </summary>
    private bool ValueEnd(out int end, out int errorAt, out string? reason, out bool cutOff)
    {
        cutOff = false;
        while (true)
        {
            bool found = JsonStructure.TryFindValueEnd(_buffer, _pos, _length, _options.MaxDepth, out end, out errorAt, out reason);
            bool open = found ? end == _length && _buffer[_pos] is not ((byte)'{' or (byte)'[' or (byte)'"')
                : reason!.StartsWith("unterminated", StringComparison.Ordinal);
            if (!open || _eof)
            {
                if (!found && open)
                {
                    cutOff = true;
                }
                return found;
            }
            if (!Fill())
            {
                end = _pos;
                errorAt = _pos;
                reason = $"value is larger than the record limit of {_options.MaxRecordBytes} bytes";
                cutOff = true;
                return false;
            }
        }
    }

    /// <summary>
    /// Skips whitespace and comments, reading on as needed; false at the end of the input. What is skipped is only
    /// dropped from the buffer when nothing before it is being kept (<see cref="_keep"/> is not behind).
    /// </summary>
    private bool SkipSpace()
    {
        bool dropping = _keep >= _pos;
        while (true)
        {
            int next = JsonStructure.SkipInsignificant(_buffer, _pos, _length);
            if (next < _length && !(_buffer[next] == (byte)'/' && next + 1 == _length && !_eof))
            {
                _pos = next;
                return true;
            }
            // A comment still open at the end of the buffer would be cut in two: read on from its start.
            int comment = next < _length ? next : OpenCommentStart(_pos, _length);
            _pos = comment >= 0 ? comment : _length;
            if (dropping)
            {
                _keep = _pos;
            }
            if (_eof || !Fill())
            {
                _pos = _length;
                return false;
            }
        }
    }

    /// <summary>Where a comment that runs to <paramref name="to"/> starts in a stretch of whitespace and comments, or -1.</summary>
    private int OpenCommentStart(int from, int to)
    {
        int position = from;
        while (position + 1 < to)
        {
            if (_buffer[position] == (byte)'/' && _buffer[position + 1] == (byte)'/')
            {
                int newline = _buffer.AsSpan(position, to - position).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return position;
                }
                position += newline + 1;
            }
            else if (_buffer[position] == (byte)'/' && _buffer[position + 1] == (byte)'*')
            {
                int close = _buffer.AsSpan(position + 2, to - position - 2).IndexOf("*/"u8);
                if (close < 0)
                {
                    return position;
                }
                position += 2 + close + 2;
            }
            else
            {
                position++;
            }
        }
        return -1;
    }

    /// <summary>
    /// After a value that could not be read: where the next one probably starts in the buffer (as
    /// <see cref="DocumentFramer"/> finds it), else the next line that opens an object or array.
    /// </summary>
    private void Resynchronise()
    {
        int next = DocumentFramer.Resynchronise(_buffer.AsSpan(0, _length), _pos);
        if (next < _length)
        {
            _pos = next;
            return;
        }
        SkipToNextLine();
        while (true)
        {
            _keep = _pos;
            if (!SkipSpace())
            {
                return;
            }
            if (_buffer[_pos] is (byte)'{' or (byte)'[' or (byte)']' or (byte)',')
            {
                return;
            }
            SkipToNextLine();
        }
    }

    private void SkipToNextLine()
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_pos, _length - _pos).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _pos += newline + 1;
                return;
            }
            _pos = _length;
            _keep = _pos;
            if (_eof || !Fill())
            {
                return;
            }
        }
    }

    /// <summary>Reads the rest as NDJSON lines, from the line after the one <see cref="_pos"/> is on.</summary>
    private void HandToLines(long firstLine)
    {
        _handedToLines = true;
        int newline = _buffer.AsSpan(_pos, _length - _pos).IndexOf((byte)'\n');
        int from = newline < 0 ? _length : _pos + newline + 1;
        byte[] rest = _buffer.AsSpan(from, _length - from).ToArray();
        var framer = new LineFramer(_source, _sink, _options, InputFormat.Ndjson);
        // The line framer counts from where the lines start, so its offsets, its end check (a .gz trailer's size)
        // and its total are the whole input's.
        _bytesRead = framer.Read(new PrefixedStream(rest, rest.Length, _eof ? Stream.Null : _stream), _eof ? null : _endCheck, firstLine, _baseOffset + from);
    }

    /// <summary>
    /// Reads more input after dropping the bytes before <see cref="_keep"/>, growing the buffer when the value being
    /// read fills it; false when nothing more can come (end of input, or the value is at the record limit).
    /// </summary>
    private bool Fill()
    {
        if (_keep > 0)
        {
            Discard(_keep);
        }
        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= _limit)
            {
                return false;
            }
            byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _limit));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        if (_eof)
        {
            return false;
        }
        int read;
        try
        {
            read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            _sink.Reject(new InputError(_source, LineOf(_length), null,
                $"the input could not be read to its end ({exception.Message}); the rest is lost"));
            _eof = true;
            return false;
        }
        if (read == 0)
        {
            _eof = true;
            if (_endCheck?.Invoke(_bytesRead) is { } problem)
            {
                _sink.Reject(new InputError(_source, LineOf(_length), null, problem));
            }
            return false;
        }
        _length += read;
        _bytesRead += read;
        return true;
    }

    private void Discard(int count)
    {
        ReadOnlySpan<byte> dropped = _buffer.AsSpan(0, count);
        int lastNewline = dropped.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            _baseLine += dropped.Count((byte)'\n');
            _baseColumn = count - lastNewline;
        }
        else
        {
            _baseColumn += count;
        }
        _baseOffset += count;
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
        _pos -= count;
        _keep -= count;
        _lineCursor = 0;
        _lineCursorLine = _baseLine;
    }

    private long LineOf(int offset)
    {
        if (offset < _lineCursor)
        {
            _lineCursor = 0;
            _lineCursorLine = _baseLine;
        }
        _lineCursorLine += _buffer.AsSpan(_lineCursor, offset - _lineCursor).Count((byte)'\n');
        _lineCursor = offset;
        return _lineCursorLine;
    }

    private long ColumnOf(int offset)
    {
        int lineStart = _buffer.AsSpan(0, offset).LastIndexOf((byte)'\n') + 1;
        return offset - lineStart + (lineStart == 0 ? _baseColumn : 1);
    }

    private void Report(int offset, string reason) =>
        _sink.Reject(new InputError(_source, LineOf(Math.Min(offset, _length)), ColumnOf(Math.Min(offset, _length)), reason));
}
