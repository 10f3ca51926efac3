using System.Globalization;

namespace Vigil.Detection.Schedule;

/// <summary>A rule schedule duration such as <c>5m</c>, <c>30s</c>, <c>1h</c> or <c>1d</c> (Kibana's interval syntax).</summary>
public readonly record struct Duration(long Milliseconds)
{
    public TimeSpan ToTimeSpan() => TimeSpan.FromMilliseconds(Milliseconds);

    /// <summary>Parses <c>&lt;integer&gt;&lt;unit&gt;</c> with unit s, m, h or d.</summary>
    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2)
        {
            return false;
        }
        long unit = text[^1] switch
        {
            's' => 1000,
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            _ => 0,
        };
        if (unit == 0 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }
        duration = new Duration(checked(amount * unit));
        return true;
    }

    public override string ToString() => $"{Milliseconds / 1000}s";
}
