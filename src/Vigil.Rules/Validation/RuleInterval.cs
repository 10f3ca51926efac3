using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Rules;

/// <summary>A rule schedule interval: a positive whole number and a unit s, m, h or d (<c>5m</c>).</summary>
public static partial class RuleInterval
{
    [GeneratedRegex(@"^(\d+)([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The interval's length, or null when the text is not an interval (or is zero).</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount > 1_000_000)
        {
            return null;
        }
        return DateMath.UnitLength(match.Groups[2].Value[0]) * amount;
    }
}
