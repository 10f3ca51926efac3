namespace Vigil.Detection.Schedule;

/// <summary>
/// moment.js <c>duration.humanize()</c> in English with its default thresholds (seconds ≤ 44: "a few seconds",
/// &lt; 45 seconds, ≤ 1 minute "a minute", &lt; 45 minutes, ≤ 1 hour "an hour", &lt; 22 hours, ≤ 1 day "a day",
/// &lt; 26 days, then months and years), each unit rounded half away from zero.
/// </summary>
public static class HumanDuration
{
    public static string Humanize(TimeSpan duration)
    {
        var ms = Math.Abs(duration.TotalMilliseconds);
        var seconds = Round(ms / 1000);
        var minutes = Round(ms / 60_000);
        var hours = Round(ms / 3_600_000);
        var daysExact = ms / 86_400_000;
        var days = Round(daysExact);
        var monthsExact = daysExact * 4800 / 146097;
        var months = Round(monthsExact);
        var years = Round(monthsExact / 12);

        if (seconds <= 44) return "a few seconds";
        if (seconds < 45) return $"{seconds} seconds";
        if (minutes <= 1) return "a minute";
        if (minutes < 45) return $"{minutes} minutes";
        if (hours <= 1) return "an hour";
        if (hours < 22) return $"{hours} hours";
        if (days <= 1) return "a day";
        if (days < 26) return $"{days} days";
        if (months <= 1) return "a month";
        if (months < 11) return $"{months} months";
        if (years <= 1) return "a year";
        return $"{years} years";
    }

    // JavaScript Math.round: halves go up.
    private static long Round(double value) => (long)Math.Floor(value + 0.5);
}
