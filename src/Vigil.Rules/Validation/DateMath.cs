using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Rules;

/// <summary>
/// Elasticsearch date math relative to now, as rule windows use it: <c>now</c>, then any number of
/// <c>+N&lt;unit&gt;</c> / <c>-N&lt;unit&gt;</c>, then optional rounding <c>/&lt;unit&gt;</c>
/// (units y M w d h H m s).
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
}
