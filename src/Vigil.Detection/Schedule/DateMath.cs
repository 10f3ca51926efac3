using System.Globalization;

namespace Vigil.Detection.Schedule;

/// <summary>
/// Elastic date math as rules use it in <c>from</c>/<c>to</c>: <c>now</c> or an ISO date, then any number of
/// <c>+N&lt;unit&gt;</c>, <c>-N&lt;unit&gt;</c> and <c>/&lt;unit&gt;</c> (rounding) steps; units y M w d h H m s ms.
/// Time is UTC.
/// </summary>
public static class DateMath
{
    public static bool TryParse(string text, DateTimeOffset now, bool roundUp, out DateTimeOffset result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        string mathPart;
        DateTimeOffset anchor;
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            anchor = now.ToUniversalTime();
            mathPart = text[3..];
        }
        else
        {
            var sep = text.IndexOf("||", StringComparison.Ordinal);
            var datePart = sep >= 0 ? text[..sep] : text;
            mathPart = sep >= 0 ? text[(sep + 2)..] : "";
            if (!DateTimeOffset.TryParse(datePart, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out anchor))
            {
                return false;
            }
        }
        var i = 0;
        while (i < mathPart.Length)
        {
            var op = mathPart[i++];
            if (op != '+' && op != '-' && op != '/')
            {
                return false;
            }
            long amount = 1;
            if (op != '/')
            {
                var start = i;
                while (i < mathPart.Length && char.IsAsciiDigit(mathPart[i]))
                {
                    i++;
                }
                if (i > start)
                {
                    amount = long.Parse(mathPart.AsSpan(start, i - start), CultureInfo.InvariantCulture);
                }
            }
            if (i >= mathPart.Length)
            {
                return false;
            }
            string unit;
            if (mathPart[i] == 'm' && i + 1 < mathPart.Length && mathPart[i + 1] == 's')
            {
                unit = "ms";
                i += 2;
            }
            else
            {
                unit = mathPart[i].ToString();
                i++;
            }
            if (op == '/')
            {
                if (!TryRound(anchor, unit, roundUp, out anchor))
                {
                    return false;
                }
            }
            else if (!TryAdd(anchor, op == '+' ? amount : -amount, unit, out anchor))
            {
                return false;
            }
        }
        result = anchor;
        return true;
    }

    private static bool TryAdd(DateTimeOffset t, long n, string unit, out DateTimeOffset result)
    {
        switch (unit)
        {
            case "y": result = t.AddYears((int)n); return true;
            case "M": result = t.AddMonths((int)n); return true;
            case "w": result = t.AddDays(7 * n); return true;
            case "d": result = t.AddDays(n); return true;
            case "h" or "H": result = t.AddHours(n); return true;
            case "m": result = t.AddMinutes(n); return true;
            case "s": result = t.AddSeconds(n); return true;
            case "ms": result = t.AddMilliseconds(n); return true;
            default: result = default; return false;
        }
    }

    private static bool TryRound(DateTimeOffset t, string unit, bool roundUp, out DateTimeOffset result)
    {
        var u = t.UtcDateTime;
        DateTime start;
        DateTime next;
        switch (unit)
        {
            case "y": start = new DateTime(u.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc); next = start.AddYears(1); break;
            case "M": start = new DateTime(u.Year, u.Month, 1, 0, 0, 0, DateTimeKind.Utc); next = start.AddMonths(1); break;
            case "w":
                // ISO weeks start on Monday, as moment's isoWeek used by Elastic date math.
                var daysFromMonday = ((int)u.DayOfWeek + 6) % 7;
                start = u.Date.AddDays(-daysFromMonday);
                next = start.AddDays(7);
                break;
            case "d": start = u.Date; next = start.AddDays(1); break;
            case "h" or "H": start = new DateTime(u.Year, u.Month, u.Day, u.Hour, 0, 0, DateTimeKind.Utc); next = start.AddHours(1); break;
            case "m": start = new DateTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, 0, DateTimeKind.Utc); next = start.AddMinutes(1); break;
            case "s": start = new DateTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, u.Second, DateTimeKind.Utc); next = start.AddSeconds(1); break;
            default: result = default; return false;
        }
        result = new DateTimeOffset(roundUp ? next.AddMilliseconds(-1) : start, TimeSpan.Zero);
        return true;
    }
}
