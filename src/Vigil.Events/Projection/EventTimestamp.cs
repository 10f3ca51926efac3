using System.Globalization;

namespace Vigil.Events.Projection;

/// <summary>
/// Timestamps as epoch nanoseconds: ISO-8601 strings (any fraction up to nanoseconds, Z or an offset, or a date
/// alone), epoch milliseconds as a JSON number or a numeric string (fractions allowed).
/// </summary>
public static class EventTimestamp
{
    private const long NanosPerMilli = 1_000_000;

    /// <summary>Reads a frame value as a timestamp.</summary>
    public static bool TryRead(EventFrame frame, in FieldValue value, out long epochNanos)
    {
        ArgumentNullException.ThrowIfNull(frame);
        switch (value.Kind)
        {
            // Epoch milliseconds outside what nanoseconds in a long can hold (years 1677 to 2262) cannot be placed in
            // time: refused rather than wrapped around.
            case FieldValueKind.Integer:
                return TryFromEpochMillis(value.Integer, out epochNanos);
            case FieldValueKind.Decimal:
                return TryFromEpochMillis(value.Decimal, out epochNanos);
            case FieldValueKind.String:
                return TryParse(frame.Utf8Of(value), out epochNanos);
            default:
                epochNanos = 0;
                return false;
        }
    }

    /// <summary>Epoch milliseconds as epoch nanoseconds; false outside what a long holds (years 1677 to 2262).</summary>
    public static bool TryFromEpochMillis(long millis, out long epochNanos)
    {
        epochNanos = 0;
        if (millis is > long.MaxValue / NanosPerMilli or < long.MinValue / NanosPerMilli)
        {
            return false;
        }
        epochNanos = millis * NanosPerMilli;
        return true;
    }

    /// <summary>Fractional epoch milliseconds as epoch nanoseconds (rounded); false when not finite or out of range.</summary>
    public static bool TryFromEpochMillis(double millis, out long epochNanos)
    {
        var nanos = Math.Round(millis * NanosPerMilli);
        epochNanos = 0;
        if (!double.IsFinite(nanos) || nanos >= long.MaxValue || nanos <= long.MinValue)
        {
            return false;
        }
        epochNanos = (long)nanos;
        return true;
    }

    /// <summary>Parses UTF-8 text as a timestamp.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out long epochNanos)
    {
        Span<char> chars = stackalloc char[64];
        if (utf8.Length > chars.Length)
        {
            epochNanos = 0;
            return false;
        }
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }
        return TryParse(chars[..utf8.Length], out epochNanos);
    }

    /// <summary>Parses text as a timestamp.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long epochNanos)
    {
        epochNanos = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }
        if (IsNumeric(text))
        {
            var dot = text.IndexOf('.');
            if (dot < 0)
            {
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ||
                    ms is > long.MaxValue / NanosPerMilli or < long.MinValue / NanosPerMilli)
                {
                    return false;
                }
                epochNanos = ms * NanosPerMilli;
                return true;
            }
            if (!long.TryParse(text[..dot], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ||
                whole is >= long.MaxValue / NanosPerMilli or <= long.MinValue / NanosPerMilli)
            {
                return false;
            }
            var fraction = text[(dot + 1)..];
            long sub = 0;
            for (var i = 0; i < 6; i++)
            {
                sub = sub * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
            }
            epochNanos = whole * NanosPerMilli + (whole < 0 || text[0] == '-' ? -sub : sub);
            return true;
        }
        return TryParseIso(text, out epochNanos);
    }

    private static bool IsNumeric(ReadOnlySpan<char> text)
    {
        var start = text[0] == '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }
        var dots = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }
        return dots <= 1;
    }

    private static bool TryParseIso(ReadOnlySpan<char> text, out long epochNanos)
    {
        epochNanos = 0;
        // Split off the fraction of seconds ourselves: .NET parses at most 7 fractional digits.
        long fractionNanos = 0;
        Span<char> rest = stackalloc char[text.Length];
        var length = 0;
        var i = 0;
        var timeStart = text.IndexOf('T');
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.' && timeStart > 0 && i > timeStart)
            {
                i++;
                var digits = 0;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    if (digits < 9)
                    {
                        fractionNanos = fractionNanos * 10 + (text[i] - '0');
                    }
                    digits++;
                    i++;
                }
                for (var d = digits; d < 9; d++)
                {
                    fractionNanos *= 10;
                }
                continue;
            }
            rest[length++] = c;
            i++;
        }
        var styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        if (!DateTimeOffset.TryParse(rest[..length], CultureInfo.InvariantCulture, styles, out var parsed))
        {
            return false;
        }
        var ticks = parsed.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks is >= long.MaxValue / 100 or <= long.MinValue / 100)
        {
            return false; // past 2262 or before 1677: nanoseconds in a long cannot hold it
        }
        epochNanos = ticks * 100 + fractionNanos;
        return true;
    }
}
