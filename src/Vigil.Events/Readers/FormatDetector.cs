namespace Vigil.Events.Readers;

/// <summary>
/// Decides an input's format from its first bytes: the first significant byte, the first record's shape, and the
/// shape of the lines after it, so that one cut-off first line (<c>[{"x":</c>) does not turn a file of NDJSON into
/// a broken JSON array.
/// </summary>
public static class FormatDetector
{
    /// <summary>
    /// Detects the format of an input starting with <paramref name="head"/>; <paramref name="isWholeInput"/> says
    /// whether <paramref name="head"/> is all there is.
    /// </summary>
    public static InputFormat Detect(ReadOnlySpan<byte> head, bool isWholeInput, int maxDepth = 64)
    {
        int start = JsonStructure.SkipInsignificant(head, 0, head.Length);
        if (start >= head.Length)
        {
            return InputFormat.Ndjson;
        }
        int newline = head[start..].IndexOf((byte)'\n');
        int lineEnd = newline >= 0 ? start + newline : isWholeInput ? head.Length : -1;
        if (head[start] == (byte)'[')
        {
            // An array, unless its first line is cut off and NDJSON lines follow it.
            bool bareOpener = lineEnd >= 0 && head[(start + 1)..lineEnd].Trim(" \t\r"u8).IsEmpty;
            bool arrayOnItsLine = lineEnd >= 0 && JsonStructure.TryFindValueEnd(head, start, lineEnd, maxDepth, out _, out _, out _);
            return !bareOpener && !arrayOnItsLine && lineEnd >= 0 && NextLinesAreObjects(head, lineEnd + 1, isWholeInput, maxDepth)
                ? InputFormat.Ndjson
                : InputFormat.Json;
        }
        if (head[start] != (byte)'{')
        {
            return InputFormat.Ndjson; // not JSON at all: line by line, each bad line reported
        }
        if (lineEnd < 0)
        {
            // A first line longer than the sniffed head: NDJSON, unless it opens a search response written on one
            // line, which is streamed hit by hit.
            return OpensSearchResponse(head, start, maxDepth) ? InputFormat.Json : InputFormat.Ndjson;
        }
        if (!JsonStructure.TryFindValueEnd(head, start, lineEnd, maxDepth, out int end, out _, out _))
        {
            // The first object does not end on its line: a pretty-printed document (of any size: it is streamed),
            // unless the next line is one whole object, as an NDJSON line is (in pretty-printed JSON it holds a member,
            // or an element followed by a comma), when only the first line is broken.
            if (NextLinesAreObjects(head, lineEnd + 1, isWholeInput, maxDepth, maxLines: 1))
            {
                return InputFormat.Ndjson;
            }
            if (JsonStructure.TryFindValueEnd(head, start, head.Length, maxDepth, out _, out _, out _))
            {
                return InputFormat.Json;
            }
            // Larger than the head: pretty-printed JSON if the next line ends as pretty-printed lines do, with a
            // separator or an opening bracket; else a broken first line of NDJSON.
            ReadOnlySpan<byte> nextLine = LineAt(head, NextSignificantLine(head, lineEnd + 1)).TrimEnd(" \t\r"u8);
            return !nextLine.IsEmpty && nextLine[^1] is (byte)',' or (byte)'{' or (byte)'[' or (byte)':'
                ? InputFormat.Json
                : InputFormat.Ndjson;
        }
        if (JsonStructure.SkipInsignificant(head, end, lineEnd) < lineEnd)
        {
            return InputFormat.Json; // several values on one line
        }
        ReadOnlySpan<byte> line = head[start..end];
        if (JsonStructure.TryFindMember(line, 0, line.Length, "_source"u8, maxDepth, out _, out _) ||
            (JsonStructure.TryFindMember(line, 0, line.Length, "hits"u8, maxDepth, out int hits, out _) && line[hits] == (byte)'{'))
        {
            return InputFormat.Hits;
        }
        var inspector = new RecordInspector(maxDepth);
        if (inspector.Inspect(line, out RecordInspection inspection) && inspection.Action != BulkAction.None)
        {
            return InputFormat.Bulk;
        }
        return InputFormat.Ndjson;
    }

    /// <summary>
    /// Whether the complete lines of <paramref name="head"/> from <paramref name="from"/> (up to four, empty lines
    /// aside) each hold exactly one JSON object starting in column 1, as NDJSON lines do and pretty-printed JSON's
    /// indented or comma-ended lines do not.
    /// </summary>
    private static bool NextLinesAreObjects(ReadOnlySpan<byte> head, int from, bool isWholeInput, int maxDepth, int maxLines = 4)
    {
        int checkedLines = 0;
        int position = from;
        while (checkedLines < maxLines && position < head.Length)
        {
            int newline = head[position..].IndexOf((byte)'\n');
            int lineEnd = newline >= 0 ? position + newline : isWholeInput ? head.Length : -1;
            if (lineEnd < 0)
            {
                break;
            }
            ReadOnlySpan<byte> line = head[position..lineEnd].Trim("\r \t"u8);
            position = lineEnd + 1;
            if (line.IsEmpty || line.StartsWith("//"u8))
            {
                continue;
            }
            if (line[0] != (byte)'{' ||
                !JsonStructure.TryFindValueEnd(line, 0, line.Length, maxDepth, out int end, out _, out _) ||
                end != line.Length)
            {
                return false;
            }
            checkedLines++;
        }
        return checkedLines > 0;
    }

    private static ReadOnlySpan<byte> LineAt(ReadOnlySpan<byte> head, int start)
    {
        int newline = head[start..].IndexOf((byte)'\n');
        return newline < 0 ? head[start..] : head.Slice(start, newline);
    }

    /// <summary>The start of the first line from <paramref name="from"/> that is neither empty nor a <c>//</c> comment.</summary>
    private static int NextSignificantLine(ReadOnlySpan<byte> head, int from)
    {
        int position = from;
        while (position < head.Length)
        {
            int newline = head[position..].IndexOf((byte)'\n');
            int lineEnd = newline < 0 ? head.Length : position + newline;
            ReadOnlySpan<byte> line = head[position..lineEnd].TrimEnd("\r"u8);
            if (!line.IsEmpty && !line.StartsWith("//"u8) && !line.Trim(" \t"u8).IsEmpty)
            {
                return position;
            }
            position = lineEnd + 1;
        }
        return head.Length;
    }

    /// <summary>Whether the object at <paramref name="start"/> reaches a <c>"hits":{.."hits":[</c> within the head.</summary>
    private static bool OpensSearchResponse(ReadOnlySpan<byte> head, int start, int maxDepth)
    {
        int position = start + 1;
        int level = 1;
        while (true)
        {
            position = JsonStructure.SkipInsignificant(head, position, head.Length);
            if (position >= head.Length || head[position] != (byte)'"')
            {
                return false;
            }
            int keyEnd = JsonStructure.FindStringEnd(head, position + 1, head.Length);
            if (keyEnd < 0)
            {
                return false;
            }
            bool isHits = head[(position + 1)..keyEnd].SequenceEqual("hits"u8);
            position = JsonStructure.SkipInsignificant(head, keyEnd + 1, head.Length);
            if (position >= head.Length || head[position] != (byte)':')
            {
                return false;
            }
            position = JsonStructure.SkipInsignificant(head, position + 1, head.Length);
            if (position >= head.Length)
            {
                return false;
            }
            if (isHits && level == 1 && head[position] == (byte)'{')
            {
                level = 2;
                position++;
                continue;
            }
            if (isHits && level == 2)
            {
                return head[position] == (byte)'[';
            }
            if (!JsonStructure.TryFindValueEnd(head, position, head.Length, maxDepth, out int end, out _, out _))
            {
                return false;
            }
            position = JsonStructure.SkipInsignificant(head, end, head.Length);
            if (position >= head.Length || head[position] != (byte)',')
            {
                return false;
            }
            position++;
        }
    }
}
