using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vigil.Events.Json;

/// <summary>
/// Reads JSON strings as Elasticsearch ends up holding them, for the one input System.Text.Json refuses: an escaped
/// lone surrogate (<c>"\udd68"</c>). The JSON grammar allows it and Jackson reads it, but <see cref="Utf8JsonReader"/>
/// throws <see cref="InvalidOperationException"/> when such a string is unescaped, which stopped a scan and turned a
/// <c>_bulk</c> request into a 500 (fuzz finds). Lucene writes an unpaired surrogate as U+FFFD when it encodes a term,
/// so that is what these methods give; everything else unescapes exactly as the reader does.
/// </summary>
public static class JsonStrings
{
    private static ReadOnlySpan<byte> ReplacementCharacter => [0xEF, 0xBF, 0xBD];

    /// <summary>Unescapes the reader's current string or property name into <paramref name="destination"/>, which must
    /// hold at least the raw value's length in bytes (unescaping never lengthens).</summary>
    public static int CopyString(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            reader.ValueSpan.CopyTo(destination);
            return reader.ValueSpan.Length;
        }
        try
        {
            return reader.CopyString(destination);
        }
        catch (InvalidOperationException)
        {
            // Thrown only for unpaired surrogates here: the reader has already checked the escapes' syntax.
            return Unescape(RawValue(ref reader), destination);
        }
    }

    /// <summary>The reader's current string or property name as a .NET string.</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            var raw = RawValue(ref reader);
            var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
            try
            {
                var written = Unescape(raw, rented);
                return Encoding.UTF8.GetString(rented, 0, written);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Unescapes a JSON string body (the bytes between its quotes, already checked by a JSON reader) into
    /// <paramref name="destination"/>; an unpaired surrogate escape becomes U+FFFD. Returns the bytes written.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        var written = 0;
        var at = 0;
        while (at < escaped.Length)
        {
            var backslash = escaped[at..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                escaped[at..].CopyTo(destination[written..]);
                return written + escaped.Length - at;
            }
            escaped.Slice(at, backslash).CopyTo(destination[written..]);
            written += backslash;
            at += backslash;
            if (at + 1 >= escaped.Length)
            {
                destination[written++] = escaped[at++];
                continue;
            }
            var kind = escaped[at + 1];
            if (kind != (byte)'u')
            {
                destination[written++] = kind switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => kind, // '"', '\\' and '/' stand for themselves
                };
                at += 2;
                continue;
            }
            if (!TryHex(escaped, at + 2, out var unit))
            {
                // Not a well-formed escape (the reader would have refused it): keep the bytes as they are.
                destination[written++] = escaped[at++];
                continue;
            }
            at += 6;
            int scalar;
            if (char.IsHighSurrogate((char)unit) && at + 1 < escaped.Length && escaped[at] == (byte)'\\' && escaped[at + 1] == (byte)'u'
                && TryHex(escaped, at + 2, out var low) && char.IsLowSurrogate((char)low))
            {
                scalar = char.ConvertToUtf32((char)unit, (char)low);
                at += 6;
            }
            else if (char.IsSurrogate((char)unit))
            {
                ReplacementCharacter.CopyTo(destination[written..]);
                written += ReplacementCharacter.Length;
                continue;
            }
            else
            {
                scalar = unit;
            }
            written += new Rune(scalar).EncodeToUtf8(destination[written..]);
        }
        return written;
    }

    /// <summary>
    /// The JSON text with every escape that names an unpaired surrogate rewritten to <c>\ufffd</c> (the same six bytes
    /// long), or the text itself when it has none (the common case: no copy). For code that hands events to
    /// System.Text.Json's DOM (alert building, explain), which would otherwise throw when such a value is read.
    /// </summary>
    public static ReadOnlySpan<byte> WithUnpairedSurrogatesReplaced(ReadOnlySpan<byte> json)
    {
        byte[]? copy = null;
        var at = json.IndexOf((byte)'\\');
        while (at >= 0 && at + 1 < json.Length)
        {
            if (json[at + 1] != (byte)'u' || !TryHex(json, at + 2, out var unit))
            {
                at = Next(json, at + 2);
                continue;
            }
            var paired = false;
            if (char.IsHighSurrogate((char)unit))
            {
                paired = at + 7 < json.Length && json[at + 6] == (byte)'\\' && json[at + 7] == (byte)'u'
                    && TryHex(json, at + 8, out var low) && char.IsLowSurrogate((char)low);
            }
            if (paired)
            {
                at = Next(json, at + 12);
                continue;
            }
            if (char.IsSurrogate((char)unit))
            {
                copy ??= json.ToArray();
                "\\ufffd"u8.CopyTo(copy.AsSpan(at));
            }
            at = Next(json, at + 6);
        }
        return copy ?? json;

        static int Next(ReadOnlySpan<byte> text, int from)
        {
            if (from >= text.Length)
            {
                return -1;
            }
            var next = text[from..].IndexOf((byte)'\\');
            return next < 0 ? -1 : from + next;
        }
    }

    /// <summary>
    /// The offset of the first string or property name in a JSON text whose escapes name an unpaired surrogate, or -1.
    /// For request bodies read whole (API calls, not events), where a clear 400 is better than a value changed to
    /// U+FFFD. The text must already be known to be valid JSON.
    /// </summary>
    public static long FindUnpairedSurrogate(ReadOnlySpan<byte> json, JsonReaderOptions options = default)
    {
        var reader = new Utf8JsonReader(json, options);
        Span<byte> scratch = stackalloc byte[256];
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
            {
                continue;
            }
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            if (raw.IndexOf("\\u"u8) < 0)
            {
                continue;
            }
            try
            {
                _ = raw.Length <= scratch.Length ? reader.CopyString(scratch) : reader.GetString()!.Length;
            }
            catch (InvalidOperationException)
            {
                return reader.TokenStartIndex;
            }
        }
        return -1;
    }

    private static bool TryHex(ReadOnlySpan<byte> text, int start, out int value)
    {
        value = 0;
        if (start + 4 > text.Length)
        {
            return false;
        }
        for (var i = start; i < start + 4; i++)
        {
            var digit = HexDigit(text[i]);
            if (digit < 0)
            {
                return false;
            }
            value = (value << 4) | digit;
        }
        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static ReadOnlySpan<byte> RawValue(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
}
