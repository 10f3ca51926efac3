namespace Vigil.Events.Readers;

/// <summary>
/// Turns byte offsets inside a text into 1-based lines and columns, counting newlines forward from the last query
/// (offsets are asked for in increasing order, so the whole text is counted about once).
/// </summary>
internal ref struct TextPositions(ReadOnlySpan<byte> text, long firstLine, long firstColumn = 1)
{
    // The text may start in the middle of a line (an element of a streamed document): columns on its first line
    // count from there.
    private readonly long _firstColumn = firstColumn;
    private readonly ReadOnlySpan<byte> _text = text;
    private readonly long _firstLine = firstLine;
    private int _cursor;
    private long _cursorLine = firstLine;

    public long Line(int offset)
    {
        if (offset < _cursor)
        {
            _cursor = 0;
            _cursorLine = _firstLine;
        }
        _cursorLine += _text[_cursor..offset].Count((byte)'\n');
        _cursor = offset;
        return _cursorLine;
    }

    /// <summary>1-based byte column of <paramref name="offset"/> within its line.</summary>
    public readonly long Column(int offset)
    {
        int lineStart = _text[..offset].LastIndexOf((byte)'\n') + 1;
        return offset - lineStart + (lineStart == 0 ? _firstColumn : 1);
    }
}
