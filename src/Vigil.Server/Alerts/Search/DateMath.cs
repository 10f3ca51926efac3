using System.Globalization;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// Elasticsearch date math: an anchor (<c>now</c>, or a date followed by <c>||</c>) then <c>+N unit</c>, <c>-N unit</c>
/// and <c>/unit</c> rounding (units y M w d h H m s). Rounding goes to the unit's first millisecond, or its last when
/// <c>roundUp</c> (Elasticsearch rounds up for <c>gt</c> and <c>lte</c>); a date without a time, rounded up, means the
/// end of that day.
/// </summary>
internal static class DateMath
{
    public static bool TryParse(string text, DateTimeOffset now, bool roundUp, out long epochMs, out string? error)
    {
        epochMs = 0;
        error = null;
        DateTimeOffset time;
        string math;
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            time = now.ToUniversalTime();
            math = text[3..];
        }
        else
        {
            var bars = text.IndexOf("||", StringComparison.Ordinal);
            var anchor = bars < 0 ? text : text[..bars];
            math = bars < 0 ? "" : text[(bars + 2)..];
            if (long.TryParse(anchor, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) && anchor.Length != 4)
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
            else if (!DateTimeOffset.TryParse(anchor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
                && !DateTimeOffset.TryParseExact(anchor, "yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
            {
                error = $"failed to parse date field [{text}] with format [strict_date_optional_time||epoch_millis]";
                return false;
            }
            else if (roundUp && math.Length == 0 && anchor.Length == 10)
            {
                time = time.AddDays(1).AddMilliseconds(-1);
            }
        }
        time = new DateTimeOffset(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

        var i = 0;
        while (i < math.Length)
        {
            var op = math[i++];
            if (op == '/')
            {
                if (i >= math.Length || !Round(ref time, math[i++], roundUp))
                {
                    error = $"operation [/] must be followed by a unit in date math [{text}]";
                    return false;
                }
                continue;
            }
            if (op is not ('+' or '-'))
            {
                error = $"operator not supported for date math [{text}]";
                return false;
            }
            var digits = i;
            while (i < math.Length && char.IsAsciiDigit(math[i]))
            {
                i++;
            }
            var amount = digits == i ? 1 : int.Parse(math.AsSpan(digits, i - digits), CultureInfo.InvariantCulture);
            if (op == '-')
            {
                amount = -amount;
            }
            if (i >= math.Length || !Add(ref time, math[i++], amount))
            {
                error = $"unit missing or not supported in date math [{text}]";
                return false;
            }
        }
        epochMs = time.ToUnixTimeMilliseconds();
        return true;
    }

    private static bool Add(ref DateTimeOffset t, char unit, int n)
    {
        switch (unit)
        {
            case 'y': t = t.AddYears(n); return true;
            case 'M': t = t.AddMonths(n); return true;
            case 'w': t = t.AddDays(7.0 * n); return true;
            case 'd': t = t.AddDays(n); return true;
            case 'h' or 'H': t = t.AddHours(n); return true;
            case 'm': t = t.AddMinutes(n); return true;
            case 's': t = t.AddSeconds(n); return true;
            default: return false;
        }
    }

    private static bool Round(ref DateTimeOffset t, char unit, bool up)
    {
        DateTimeOffset start;
        DateTimeOffset next;
        switch (unit)
        {
            case 'y': start = new(t.Year, 1, 1, 0, 0, 0, TimeSpan.Zero); next = start.AddYears(1); break;
            case 'M': start = new(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero); next = start.AddMonths(1); break;
            case 'w':
                var monday = t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7));
                start = new(monday, TimeSpan.Zero); next = start.AddDays(7); break;
            case 'd': start = new(t.Date, TimeSpan.Zero); next = start.AddDays(1); break;
            case 'h' or 'H': start = new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero); next = start.AddHours(1); break;
            case 'm': start = new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero); next = start.AddMinutes(1); break;
            case 's': start = new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero); next = start.AddSeconds(1); break;
            default: return false;
        }
        t = up ? next.AddMilliseconds(-1) : start;
        return true;
    }
}
