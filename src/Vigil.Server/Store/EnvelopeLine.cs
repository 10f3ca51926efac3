using System.Buffers.Text;
using System.Text;

namespace Vigil.Server.Store;

/// <summary>
/// One line of a segment's <c>.env</c> sidecar, describing the event on the same line of the <c>.ndjson</c> file:
/// <c>length TAB crc32c TAB @timestamp-ticks|- TAB ingested-ticks TAB c|- TAB _index TAB _id LF</c>. <c>c</c> marks
/// the last event of an append, so recovery keeps whole appends only. <c>_index</c> and <c>_id</c> escape backslash,
/// tab, line feed and carriage return as <c>\\ \t \n \r</c>; everything else is their UTF-8 as given.
/// </summary>
internal readonly ref struct EnvelopeLine
{
    public const int FieldCount = 7;

    public EnvelopeLine(int length, uint checksum, long? timestamp, long ingested, bool endsAppend, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        Length = length;
        Checksum = checksum;
        Timestamp = timestamp;
        Ingested = ingested;
        EndsAppend = endsAppend;
        EscapedIndex = index;
        EscapedId = id;
    }

    /// <summary>Bytes of the event line, without its line feed.</summary>
    public int Length { get; }

    public uint Checksum { get; }

    public long? Timestamp { get; }

    public long Ingested { get; }

    /// <summary>Whether this event is the last of its append (recovery cuts after such a line only).</summary>
    public bool EndsAppend { get; }

    public ReadOnlySpan<byte> EscapedIndex { get; }

    public ReadOnlySpan<byte> EscapedId { get; }

    public string Index => Unescape(EscapedIndex);

    public string Id => Unescape(EscapedId);

    /// <summary>Appends the sidecar line for one event, line feed included.</summary>
    public static void Write(ByteBuffer buffer, int length, uint checksum, long? timestamp, long ingested, bool endsAppend, string index, string id)
    {
        var span = buffer.Reserve(64);
        var used = 0;
        Utf8Formatter.TryFormat(length, span, out var n);
        used += n;
        span[used++] = (byte)'\t';
        Utf8Formatter.TryFormat(checksum, span[used..], out n, new System.Buffers.StandardFormat('x', 8));
        used += n;
        span[used++] = (byte)'\t';
        if (timestamp is { } t)
        {
            Utf8Formatter.TryFormat(t, span[used..], out n);
            used += n;
        }
        else
        {
            span[used++] = (byte)'-';
        }
        span[used++] = (byte)'\t';
        Utf8Formatter.TryFormat(ingested, span[used..], out n);
        used += n;
        span[used++] = (byte)'\t';
        span[used++] = endsAppend ? (byte)'c' : (byte)'-';
        span[used++] = (byte)'\t';
        buffer.Advance(used);
        AppendEscaped(buffer, index);
        buffer.Append((byte)'\t');
        AppendEscaped(buffer, id);
        buffer.Append((byte)'\n');
    }

    /// <summary>Parses one sidecar line (without its line feed); false when it is not a well-formed line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out EnvelopeLine envelope)
    {
        envelope = default;
        Span<Range> fields = stackalloc Range[FieldCount];
        var start = 0;
        for (var field = 0; field < FieldCount; field++)
        {
            var tab = line[start..].IndexOf((byte)'\t');
            if ((tab < 0) != (field == FieldCount - 1))
            {
                return false; // too few fields, or a tab in the last one
            }
            var end = tab < 0 ? line.Length : start + tab;
            fields[field] = new Range(start, end);
            start = end + 1;
        }
        if (!Utf8Parser.TryParse(line[fields[0]], out int length, out var used) || used != line[fields[0]].Length || length < 0)
        {
            return false;
        }
        var crcField = line[fields[1]];
        if (crcField.Length != 8 || !Utf8Parser.TryParse(crcField, out uint checksum, out used, 'x') || used != 8)
        {
            return false;
        }
        long? timestamp = null;
        var timestampField = line[fields[2]];
        if (!(timestampField.Length == 1 && timestampField[0] == (byte)'-'))
        {
            if (!TryParseTicks(timestampField, out var t))
            {
                return false;
            }
            timestamp = t;
        }
        if (!TryParseTicks(line[fields[3]], out var ingested))
        {
            return false;
        }
        var flag = line[fields[4]];
        if (flag.Length != 1 || (flag[0] != (byte)'c' && flag[0] != (byte)'-'))
        {
            return false;
        }
        envelope = new EnvelopeLine(length, checksum, timestamp, ingested, flag[0] == (byte)'c', line[fields[5]], line[fields[6]]);
        return true;
    }

    private static bool TryParseTicks(ReadOnlySpan<byte> field, out long ticks) =>
        Utf8Parser.TryParse(field, out ticks, out var used) && used == field.Length && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;

    private static void AppendEscaped(ByteBuffer buffer, string value)
    {
        var span = buffer.Reserve(Encoding.UTF8.GetMaxByteCount(value.Length) * 2);
        var written = Encoding.UTF8.GetBytes(value, span);
        var raw = span[..written];
        if (raw.IndexOfAny("\\\t\n\r"u8) < 0)
        {
            buffer.Advance(written);
            return;
        }
        // Escape in place from the end so the bytes still to be escaped are not overwritten.
        var extra = 0;
        foreach (var b in raw)
        {
            if (b is (byte)'\\' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                extra++;
            }
        }
        var to = written + extra - 1;
        for (var from = written - 1; from >= 0; from--)
        {
            var b = span[from];
            byte escaped = b switch { (byte)'\\' => (byte)'\\', (byte)'\t' => (byte)'t', (byte)'\n' => (byte)'n', (byte)'\r' => (byte)'r', _ => 0 };
            if (escaped == 0)
            {
                span[to--] = b;
            }
            else
            {
                span[to--] = escaped;
                span[to--] = (byte)'\\';
            }
        }
        buffer.Advance(written + extra);
    }

    private static string Unescape(ReadOnlySpan<byte> escaped)
    {
        if (escaped.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(escaped);
        }
        var raw = new byte[escaped.Length];
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b == (byte)'\\' && i + 1 < escaped.Length)
            {
                i++;
                b = escaped[i] switch { (byte)'t' => (byte)'\t', (byte)'n' => (byte)'\n', (byte)'r' => (byte)'\r', var other => other };
            }
            raw[length++] = b;
        }
        return Encoding.UTF8.GetString(raw, 0, length);
    }
}
