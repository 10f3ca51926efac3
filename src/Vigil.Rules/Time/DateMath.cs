using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Rules;

/// <summary>
/// Elasticsearch date math relative to now, as rule windows use it: <c>now</c>, then any number of
/// <c>+N&lt;unit&gt;</c> / <c>-N&lt;unit&gt;</c>, then optional rounding <c>/&lt;unit&gt;</c>
/// (units y M w d h H m s). The one date-math reader of Vigil: rule validation, the scheduler and the
/// investigation guide's time ranges all use it.
/// </summary>
public static partial class DateMath
{
    [GeneratedRegex(@"^now((?:[+-]\d+[yMwdhHms])*)(?:/([yMwdhHms]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Expression();

    [GeneratedRegex(@"([+-])(\d+)([yMwdhHms])", RegexOptions.CultureInvariant)]
    private static partial Regex Step();

    /// <summary>Whether <paramref name="text"/> is relative date math.</summary>
    public static bool IsValid(string text) => Expression().IsMatch(text);

    /// <summary>
    /// The offset from now the expression stands for (months as 30 days, years as 365, rounding ignored),
    /// or null when it is not valid date math.
    /// </summary>
    public static TimeSpan? Offset(string text)
    {
        var match = Expression().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var total = TimeSpan.Zero;
        foreach (Match step in Step().Matches(match.Groups[1].Value))
        {
            if (!long.TryParse(step.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }
            var unit = UnitLength(step.Groups[3].Value[0]) * amount;
            total = step.Groups[1].Value == "-" ? total - unit : total + unit;
        }
        return total;
    }

    internal static TimeSpan UnitLength(char unit) => unit switch
    {
        'y' => TimeSpan.FromDays(365),
        'M' => TimeSpan.FromDays(30),
        'w' => TimeSpan.FromDays(7),
        'd' => TimeSpan.FromDays(1),
        'h' or 'H' => TimeSpan.FromHours(1),
        'm' => TimeSpan.FromMinutes(1),
        _ => TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// Evaluates date math to a time: <c>now</c> (= <paramref name="now"/>, UTC) or an ISO date (optionally followed by
    /// <c>||</c>), then any number of <c>+N&lt;unit&gt;</c>, <c>-N&lt;unit&gt;</c> and <c>/&lt;unit&gt;</c> steps
    /// (units y M w d h H m s ms). <paramref name="roundUp"/> rounds to the end of the unit (a range's upper end).
    /// </summary>
    public static bool TryEvaluate(string? text, DateTimeOffset now, bool roundUp, out DateTimeOffset result)
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
