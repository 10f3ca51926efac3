using System.Buffers;

namespace Vigil.Events.Readers;

/// <summary>
/// Finds where JSON values begin and end by brackets, strings and comments alone, without judging the rest: this is
/// what lets a framer step over a broken element and still find its valid neighbours.
/// </summary>
internal static class JsonStructure
{
    private static readonly SearchValues<byte> StructuralBytes = SearchValues.Create("\"{}[]/"u8);
    private static readonly SearchValues<byte> StringBytes = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> ScalarEndBytes = SearchValues.Create(",]}/ \t\r\n"u8);

    /// <summary>Skips whitespace, <c>//</c> line comments and <c>/* */</c> block comments.</summary>
    public static int SkipInsignificant(ReadOnlySpan<byte> text, int position, int end)
    {
        while (position < end)
        {
            byte b = text[position];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                position++;
            }
            else if (b == (byte)'/' && position + 1 < end && text[position + 1] == (byte)'/')
            {
                int newline = text[position..end].IndexOf((byte)'\n');
                position = newline < 0 ? end : position + newline + 1;
            }
            else if (b == (byte)'/' && position + 1 < end && text[position + 1] == (byte)'*')
            {
                int close = text[(position + 2)..end].IndexOf("*/"u8);
                position = close < 0 ? end : position + 2 + close + 2;
            }
            else
            {
                break;
            }
        }
        return position;
    }

    /// <summary>
    /// Finds the exclusive end of the value starting at <paramref name="start"/>. On failure gives the offset of the
    /// problem and a reason.
    /// </summary>
    public static bool TryFindValueEnd(
        ReadOnlySpan<byte> text, int start, int end, int maxDepth, out int valueEnd, out int errorOffset, out string? reason)
    {
        valueEnd = start;
        errorOffset = start;
        reason = null;
        if (start >= end)
        {
            reason = "expected a JSON value";
            return false;
        }

        byte first = text[start];
        if (first == (byte)'"')
        {
            int close = FindStringEnd(text, start + 1, end);
            if (close < 0)
            {
                reason = "unterminated string";
                return false;
            }
            valueEnd = close + 1;
            return true;
        }
        if (first != (byte)'{' && first != (byte)'[')
        {
            int stop = text[start..end].IndexOfAny(ScalarEndBytes);
            valueEnd = stop < 0 ? end : start + stop;
            return true;
        }

        Span<byte> closers = maxDepth <= 256 ? stackalloc byte[maxDepth + 1] : new byte[maxDepth + 1];
        int depth = 0;
        int position = start;
        while (position < end)
        {
            int next = text[position..end].IndexOfAny(StructuralBytes);
            if (next < 0)
            {
                break;
            }
            position += next;
            byte b = text[position];
            switch (b)
            {
                case (byte)'"':
                    int close = FindStringEnd(text, position + 1, end);
                    if (close < 0)
                    {
                        errorOffset = position;
                        reason = "unterminated string";
                        return false;
                    }
                    position = close + 1;
                    continue;
                case (byte)'{':
                case (byte)'[':
                    if (depth >= maxDepth)
                    {
                        errorOffset = position;
                        reason = $"nesting is deeper than the limit of {maxDepth}";
                        return false;
                    }
                    closers[depth++] = b == (byte)'{' ? (byte)'}' : (byte)']';
                    position++;
                    continue;
                case (byte)'}':
                case (byte)']':
                    if (closers[depth - 1] != b)
                    {
                        errorOffset = position;
                        reason = $"expected '{(char)closers[depth - 1]}' but found '{(char)b}'";
                        return false;
                    }
                    depth--;
                    position++;
                    if (depth == 0)
                    {
                        valueEnd = position;
                        return true;
                    }
                    continue;
                default: // '/'
                    int skipped = SkipInsignificant(text, position, end);
                    position = skipped == position ? position + 1 : skipped;
                    continue;
            }
        }
        errorOffset = end;
        reason = first == (byte)'{' ? "unterminated object (missing '}')" : "unterminated array (missing ']')";
        return false;
    }

    /// <summary>
    /// Finds a member of the object spanning [<paramref name="objectStart"/>, <paramref name="objectEnd"/>) by its
    /// unescaped name, stepping over member values structurally.
    /// </summary>
    public static bool TryFindMember(
        ReadOnlySpan<byte> text, int objectStart, int objectEnd, ReadOnlySpan<byte> name, int maxDepth,
        out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = -1;
        int position = objectStart + 1;
        while (true)
        {
            position = SkipInsignificant(text, position, objectEnd);
            if (position >= objectEnd || text[position] != (byte)'"')
            {
                return false;
            }
            int keyEnd = FindStringEnd(text, position + 1, objectEnd);
            if (keyEnd < 0)
            {
                return false;
            }
            bool matches = text[(position + 1)..keyEnd].SequenceEqual(name);
            position = SkipInsignificant(text, keyEnd + 1, objectEnd);
            if (position >= objectEnd || text[position] != (byte)':')
            {
                return false;
            }
            position = SkipInsignificant(text, position + 1, objectEnd);
            if (!TryFindValueEnd(text, position, objectEnd, maxDepth, out int end, out _, out _))
            {
                return false;
            }
            if (matches)
            {
                valueStart = position;
                valueEnd = end;
                return true;
            }
            position = SkipInsignificant(text, end, objectEnd);
            if (position >= objectEnd || text[position] != (byte)',')
            {
                return false;
            }
            position++;
        }
    }

    /// <summary>Offset of the quote closing a string whose content starts at <paramref name="position"/>, or -1.</summary>
    public static int FindStringEnd(ReadOnlySpan<byte> text, int position, int end)
    {
        while (position < end)
        {
            int next = text[position..end].IndexOfAny(StringBytes);
            if (next < 0)
            {
                return -1;
            }
            position += next;
            if (text[position] == (byte)'"')
            {
                return position;
            }
            position += 2; // a backslash escapes the next byte
        }
        return -1;
    }
}
