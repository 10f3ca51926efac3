using System.Text.Unicode;

namespace Vigil.Events.Readers;

/// <summary>
/// Frames whole JSON documents held in memory: arrays of events or hits, pretty-printed or concatenated objects,
/// search responses (<c>{"hits":{"hits":[..]}}</c>), with comments. Element boundaries come from
/// <see cref="JsonStructure"/>, so a broken element is reported and its neighbours still go through; each element
/// is then parsed on its own by <see cref="RecordInspector"/>.
/// </summary>
internal sealed class DocumentFramer(string source, IRecordSink sink, ReaderOptions options, RecordInspector inspector)
{
    /// <summary>Frames every value of <paramref name="text"/>, whose first byte is on <paramref name="firstLine"/>.</summary>
    public void Frame(ReadOnlySpan<byte> text, long firstLine, long firstOffset, long firstColumn = 1)
    {
        var positions = new TextPositions(text, firstLine, firstColumn);
        int position = JsonStructure.SkipInsignificant(text, 0, text.Length);
        while (position < text.Length)
        {
            byte b = text[position];
            if (b == (byte)'[')
            {
                position = FrameArray(text, position, ref positions, firstOffset);
            }
            else if (b == (byte)'{')
            {
                if (JsonStructure.TryFindValueEnd(text, position, text.Length, options.MaxDepth, out int end, out int errorAt, out string? reason))
                {
                    FrameObject(text, position, end, ref positions, firstOffset);
                    position = end;
                }
                else
                {
                    Reject(ref positions, errorAt, reason!);
                    position = Resynchronise(text, position);
                }
            }
            else if (b == (byte)',')
            {
                position++;
            }
            else
            {
                Reject(ref positions, position, "expected '{' or '[' (a JSON object or an array of objects)");
                position = Resynchronise(text, position);
            }
            position = JsonStructure.SkipInsignificant(text, position, text.Length);
        }
    }

    private int FrameArray(ReadOnlySpan<byte> text, int start, ref TextPositions positions, long firstOffset)
    {
        int position = start + 1;
        while (true)
        {
            position = JsonStructure.SkipInsignificant(text, position, text.Length);
            if (position >= text.Length)
            {
                Reject(ref positions, text.Length, "unterminated array (missing ']')");
                return text.Length;
            }
            byte b = text[position];
            if (b == (byte)']')
            {
                return position + 1;
            }
            if (b == (byte)',')
            {
                position++; // separators, and the trailing comma hand-written files often have
                continue;
            }
            if (JsonStructure.TryFindValueEnd(text, position, text.Length, options.MaxDepth, out int end, out int errorAt, out string? reason))
            {
                if (b == (byte)'{')
                {
                    FrameObject(text, position, end, ref positions, firstOffset);
                }
                else
                {
                    Reject(ref positions, position, "array element is not a JSON object");
                }
                position = end;
            }
            else
            {
                Reject(ref positions, errorAt, reason!);
                position = Resynchronise(text, position);
                if (position >= text.Length)
                {
                    return position;
                }
            }
        }
    }

    private void FrameObject(ReadOnlySpan<byte> text, int start, int end, ref TextPositions positions, long firstOffset)
    {
        // A search response: frame its hits one by one so that one broken hit does not cost the others.
        if (JsonStructure.TryFindMember(text, start, end, "hits"u8, options.MaxDepth, out int outerStart, out int outerEnd) &&
            text[outerStart] == (byte)'{' &&
            JsonStructure.TryFindMember(text, outerStart, outerEnd, "hits"u8, options.MaxDepth, out int arrayStart, out _) &&
            text[arrayStart] == (byte)'[')
        {
            FrameArray(text, arrayStart, ref positions, firstOffset);
            return;
        }

        ReadOnlySpan<byte> value = text[start..end];
        if (value.Length > options.MaxRecordBytes)
        {
            Reject(ref positions, start, $"record is {value.Length} bytes, over the limit of {options.MaxRecordBytes}");
            return;
        }
        if (!Utf8.IsValid(value))
        {
            Reject(ref positions, start + Utf8Errors.FirstInvalidByte(value), "invalid UTF-8");
            return;
        }
        if (!inspector.Inspect(value, out RecordInspection inspection))
        {
            long line = positions.Line(start) + inspection.ErrorLine;
            long column = inspection.ErrorLine == 0
                ? positions.Column(start) + inspection.ErrorByteInLine
                : inspection.ErrorByteInLine + 1;
            sink.Reject(new InputError(source, line, column, inspection.Error!));
            return;
        }

        var origin = new RecordOrigin(source, positions.Line(start), firstOffset + start);
        if (inspection.SourceStart >= 0)
        {
            sink.Accept(origin, value[inspection.SourceStart..inspection.SourceEnd], inspector.Index(inspection), inspector.Id(inspection));
        }
        else if (inspection.IndexLength >= 0 && inspection.IdLength >= 0)
        {
            Reject(ref positions, start, "search hit has no _source object");
        }
        else
        {
            sink.Accept(origin, value, default, default);
        }
    }

    private void Reject(ref TextPositions positions, int offset, string reason) =>
        sink.Reject(new InputError(source, positions.Line(offset), positions.Column(offset), reason));

    /// <summary>
    /// After a broken value, finds where the next one probably starts: the next line that opens an object at the
    /// broken value's own indentation (pretty-printed arrays), else the next <c>{</c> after a <c>},</c>.
    /// </summary>
    internal static int Resynchronise(ReadOnlySpan<byte> text, int brokenStart)
    {
        int lineStart = text[..brokenStart].LastIndexOf((byte)'\n') + 1;
        int indentation = brokenStart - lineStart;
        int position = brokenStart;
        while (true)
        {
            int newline = text[position..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }
            int next = position + newline + 1;
            int firstNonSpace = text[next..].IndexOfAnyExcept(" \t\r"u8);
            if (firstNonSpace < 0)
            {
                break;
            }
            if (firstNonSpace == indentation && text[next + firstNonSpace] is (byte)'{' or (byte)'[')
            {
                return next + firstNonSpace;
            }
            position = next;
        }
        int separator = text[(brokenStart + 1)..].IndexOf("},"u8);
        if (separator >= 0)
        {
            int candidate = JsonStructure.SkipInsignificant(text, brokenStart + 1 + separator + 2, text.Length);
            if (candidate < text.Length && text[candidate] == (byte)'{')
            {
                return candidate;
            }
        }
        return text.Length;
    }
}
