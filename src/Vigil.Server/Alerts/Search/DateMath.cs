using System.Globalization;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// Date values of a search's <c>range</c> clause: the anchors Elasticsearch's date fields accept beyond rule windows
/// (epoch milliseconds, a bare year, a date without a time that rounds up to the end of its day), then the date math
/// itself, which is evaluated by the project's one reader, <see cref="Vigil.Rules.DateMath"/>.
/// </summary>
internal static class DateMath
{
    public static bool TryParse(string text, DateTimeOffset now, bool roundUp, out long epochMs, out string? error)
    {
        epochMs = 0;
        error = null;
        DateTimeOffset anchor;
        string math;
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            anchor = now.ToUniversalTime();
            math = text[3..];
        }
        else
        {
            var bars = text.IndexOf("||", StringComparison.Ordinal);
            var date = bars < 0 ? text : text[..bars];
            math = bars < 0 ? "" : text[(bars + 2)..];
            if (long.TryParse(date, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) && date.Length != 4)
            {
                anchor = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
            else if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out anchor)
                && !DateTimeOffset.TryParseExact(date, "yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out anchor))
            {
                error = $"failed to parse date field [{text}] with format [strict_date_optional_time||epoch_millis]";
                return false;
            }
            else if (roundUp && math.Length == 0 && date.Length == 10)
            {
                anchor = anchor.AddDays(1).AddMilliseconds(-1);
            }
        }
        // Elasticsearch dates have millisecond resolution.
        anchor = new DateTimeOffset(anchor.UtcTicks - anchor.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        if (!Vigil.Rules.DateMath.TryEvaluate("now" + math, anchor, roundUp, out var result))
        {
            error = $"unsupported date math [{text}]: expected steps +N, -N or /unit with units y M w d h H m s ms";
            return false;
        }
        epochMs = result.ToUnixTimeMilliseconds();
        return true;
    }
}
