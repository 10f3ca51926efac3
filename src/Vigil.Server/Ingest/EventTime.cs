using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Vigil.Server.Ingest;

/// <summary>
/// Reads a date field the way Elastic's ECS mappings declare it (<c>strict_date_optional_time||epoch_millis</c>):
/// an ISO 8601 string (UTC unless it carries an offset) or a number of milliseconds since the epoch.
/// </summary>
public static class EventTime
{
    public static bool TryParseText(ReadOnlySpan<byte> utf8, out DateTimeOffset time)
    {
        // The common shape first without a string: 2026-11-27T08:00:00.3226650Z (seven digits, as .NET writes it).
        if (utf8.Length == 28 && Utf8Parser.TryParse(utf8, out time, out int used, 'O') && used == utf8.Length)
        {
            return true;
        }
        if (utf8.Length is 0 or > 64)
        {
            time = default;
            return false;
        }
        Span<char> chars = stackalloc char[64];
        int count = Encoding.UTF8.GetChars(utf8, chars);
        var text = chars[..count];
        if (text.Length > 0 && (char.IsDigit(text[0]) || text[0] == '-') && !text.Contains('-') && !text.Contains(':'))
        {
            // epoch_millis given as a string ("1732694400000"), which Elasticsearch accepts too.
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long millis))
            {
                return TryFromMillis(millis, out time);
            }
        }
        // strict_date_optional_time needs at least the year-month-day part; a bare year or word is refused.
        if (text.Length < 10 || text[4] != '-' || text[7] != '-')
        {
            time = default;
            return false;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    public static bool TryFromMillis(double millis, out DateTimeOffset time)
    {
        const double min = -62135596800000d;
        const double max = 253402300799999d;
        if (double.IsFinite(millis) && millis is >= min and <= max)
        {
            time = DateTimeOffset.UnixEpoch.AddTicks((long)(millis * TimeSpan.TicksPerMillisecond));
            return true;
        }
        time = default;
        return false;
    }
}
