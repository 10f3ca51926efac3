using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Kql.Compilation;

/// <summary>
/// Elasticsearch date values in queries: <c>strict_date_optional_time||epoch_millis</c> dates and date math
/// (<c>now-1d/d</c>, <c>2020-01-01||+1M</c>). Rounding up (for <c>gt</c>, <c>lte</c> and the upper end of an exact
/// match) fills a date's missing time of day with 23:59:59.999999999 and makes <c>/unit</c> the end of the unit, as
/// ES's range query documents (“Missing date components”, “Date math and rounding”). No time zone: UTC, as the
/// detection engine sends none when it does not know the field types.
/// </summary>
internal static partial class KqlDateMath
{
    private const long NanosPerSecond = 1_000_000_000;

    [GeneratedRegex(@"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\G(?:([+-])(\d+)([yMwdhHms])|/([yMwdhHms]))")]
    private static partial Regex MathStep();

    /// <summary>Reads <paramref name="text"/> as an instant in epoch nanoseconds; false when it is not a date.</summary>
    public static bool TryParse(string text, DateTimeOffset now, bool roundUp, out long epochNanos)
    {
        epochNanos = 0;
        text = text.Trim();
        string math;
        DateTime anchor;
        long extraNanos = 0;
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            anchor = now.UtcDateTime;
            math = text[3..];
        }
        else
        {
            var bars = text.IndexOf("||", StringComparison.Ordinal);
            var date = bars < 0 ? text : text[..bars];
            math = bars < 0 ? "" : text[(bars + 2)..];
            if (!TryParseAnchor(date, roundUp, out anchor, out extraNanos))
            {
                return false;
            }
        }
        var at = 0;
        var rounded = false;
        while (at < math.Length)
        {
            var step = MathStep().Match(math, at);
            if (!step.Success)
            {
                return false;
            }
            at += step.Length;
            if (step.Groups[4].Success)
            {
                var unit = step.Groups[4].Value[0];
                anchor = RoundDown(anchor, unit);
                extraNanos = 0;
                if (roundUp)
                {
                    anchor = Add(anchor, unit, 1);
                    rounded = true;
                }
                continue;
            }
            if (!int.TryParse(step.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            anchor = Add(anchor, step.Groups[3].Value[0], step.Groups[1].Value == "-" ? -amount : amount);
        }
        try
        {
            var ticks = anchor.Ticks - DateTime.UnixEpoch.Ticks;
            epochNanos = checked(ticks * 100 + extraNanos - (rounded ? 1 : 0));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool TryParseAnchor(string text, bool roundUp, out DateTime value, out long extraNanos)
    {
        value = default;
        extraNanos = 0;
        var m = IsoDate().Match(text);
        if (!m.Success)
        {
            if (text.Length > 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
                && millis is > -62135596800000 and < 253402300800000)
            {
                value = DateTime.UnixEpoch.AddMilliseconds(millis);
                return true;
            }
            return false;
        }
        int Part(int group, int fallback) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : fallback;
        var year = Part(1, 1);
        var month = Part(2, 1);
        var day = Part(3, 1);
        var hour = Part(4, roundUp ? 23 : 0);
        var minute = Part(5, roundUp ? 59 : 0);
        var second = Part(6, roundUp ? 59 : 0);
        long nanos = roundUp && !m.Groups[7].Success ? NanosPerSecond - 1 : 0;
        if (m.Groups[7].Success)
        {
            nanos = long.Parse(m.Groups[7].Value.PadRight(9, '0'), CultureInfo.InvariantCulture);
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(nanos / 100);
        extraNanos = nanos % 100;
        if (m.Groups[8].Success && m.Groups[8].Value != "Z")
        {
            var zone = m.Groups[8].Value.Replace(":", "", StringComparison.Ordinal);
            var sign = zone[0] == '-' ? -1 : 1;
            var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = zone.Length >= 5 ? int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture) : 0;
            value = value.AddMinutes(-sign * (hours * 60 + minutes));
        }
        return true;
    }

    private static DateTime Add(DateTime value, char unit, int amount) => unit switch
    {
        'y' => value.AddYears(amount),
        'M' => value.AddMonths(amount),
        'w' => value.AddDays(7.0 * amount),
        'd' => value.AddDays(amount),
        'h' or 'H' => value.AddHours(amount),
        'm' => value.AddMinutes(amount),
        _ => value.AddSeconds(amount),
    };

    private static DateTime RoundDown(DateTime value, char unit) => unit switch
    {
        'y' => new DateTime(value.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        'M' => new DateTime(value.Year, value.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        // ES weeks start on Monday.
        'w' => value.Date.AddDays(-(((int)value.DayOfWeek + 6) % 7)),
        'd' => value.Date,
        'h' or 'H' => new DateTime(value.Year, value.Month, value.Day, value.Hour, 0, 0, DateTimeKind.Utc),
        'm' => new DateTime(value.Year, value.Month, value.Day, value.Hour, value.Minute, 0, DateTimeKind.Utc),
        _ => new DateTime(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, DateTimeKind.Utc),
    };
}
