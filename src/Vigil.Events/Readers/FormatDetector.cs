namespace Vigil.Events.Readers;

/// <summary>Decides an input's format from its first bytes: the first significant byte and the first record's shape.</summary>
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
        if (head[start] == (byte)'[')
        {
            return InputFormat.Json;
        }
        if (head[start] != (byte)'{')
        {
            return InputFormat.Ndjson; // not JSON at all: line by line, each bad line reported
        }

        int newline = head[start..].IndexOf((byte)'\n');
        int lineEnd = newline >= 0 ? start + newline : isWholeInput ? head.Length : -1;
        if (lineEnd < 0)
        {
            return InputFormat.Ndjson; // a first line longer than the sniffed head: only NDJSON has such lines
        }
        if (!JsonStructure.TryFindValueEnd(head, start, lineEnd, maxDepth, out int end, out _, out _))
        {
            // The first object does not end on its line: a pretty-printed document, unless the line is just broken.
            return JsonStructure.TryFindValueEnd(head, start, head.Length, maxDepth, out _, out _, out _)
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
}
