using System.Globalization;

namespace Vigil.Rules.Guides;

/// <summary>
/// Elastic relative date math (<c>now-48h/h</c>): <c>now</c>, then any number of <c>+N unit</c> / <c>-N unit</c>, then
/// optional <c>/unit</c> rounding. Units: y, M, w, d, h (or H), m, s. A plain ISO date is accepted too.
/// </summary>
public static class DateMathEvaluator
{
    /// <summary>Evaluates <paramref name="expression"/> with "now" = <paramref name="now"/> (UTC).</summary>
    /// <param name="roundUp">Round to the end of the unit instead of its start (used for a range's upper end).</param>
    public static bool TryEvaluate(string? expression, DateTimeOffset now, bool roundUp, out DateTimeOffset result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        string text = expression.Trim();
        if (!text.StartsWith("now", StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out result);
        }

        var time = now.ToUniversalTime();
        int i = 3;
        while (i < text.Length)
        {
            char op = text[i++];
            if (op is '+' or '-')
            {
                int digitsStart = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                int amount = 1;
                if (i > digitsStart && !int.TryParse(text.AsSpan(digitsStart, i - digitsStart), NumberStyles.None,
                        CultureInfo.InvariantCulture, out amount))
                {
                    return false;
                }

                if (i >= text.Length || !TryAdd(ref time, text[i++], op == '-' ? -amount : amount))
                {
                    return false;
                }
            }
            else if (op == '/')
            {
                if (i >= text.Length || !TryRound(ref time, text[i++], roundUp))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        result = time;
        return true;
    }

    private static bool TryAdd(ref DateTimeOffset time, char unit, int amount)
    {
        try
        {
            switch (unit)
            {
                case 'y': time = time.AddYears(amount); return true;
                case 'M': time = time.AddMonths(amount); return true;
                case 'w': time = time.AddDays(7.0 * amount); return true;
                case 'd': time = time.AddDays(amount); return true;
                case 'h' or 'H': time = time.AddHours(amount); return true;
                case 'm': time = time.AddMinutes(amount); return true;
                case 's': time = time.AddSeconds(amount); return true;
                default: return false;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool TryRound(ref DateTimeOffset time, char unit, bool roundUp)
    {
        var t = time.UtcDateTime;
        DateTime start;
        DateTime next;
        switch (unit)
        {
            case 'y': start = new DateTime(t.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc); next = start.AddYears(1); break;
            case 'M': start = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc); next = start.AddMonths(1); break;
            case 'w':
                // Elasticsearch weeks start on Monday.
                int sinceMonday = ((int)t.DayOfWeek + 6) % 7;
                start = t.Date.AddDays(-sinceMonday);
                next = start.AddDays(7);
                break;
            case 'd': start = t.Date; next = start.AddDays(1); break;
            case 'h' or 'H': start = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc); next = start.AddHours(1); break;
            case 'm': start = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc); next = start.AddMinutes(1); break;
            case 's': start = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc); next = start.AddSeconds(1); break;
            default: return false;
        }

        time = new DateTimeOffset(roundUp ? next.AddTicks(-TimeSpan.TicksPerMillisecond) : start, TimeSpan.Zero);
        return true;
    }
}
