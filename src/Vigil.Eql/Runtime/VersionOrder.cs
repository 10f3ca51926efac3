namespace Vigil.Eql.Runtime;

/// <summary>
/// Ordering of values of ES's version field type: valid semantic versions by precedence (a pre-release sorts before
/// its release), then invalid versions after every valid one, ordinally.
/// </summary>
public static class VersionOrder
{
    public static int Compare(string left, string right)
    {
        var a = Parse(left);
        var b = Parse(right);
        if (a is null || b is null)
        {
            if (a is null && b is null)
            {
                return string.CompareOrdinal(left, right);
            }
            return a is null ? 1 : -1;
        }
        var (numbersA, preA) = a.Value;
        var (numbersB, preB) = b.Value;
        for (var i = 0; i < Math.Max(numbersA.Length, numbersB.Length); i++)
        {
            var x = i < numbersA.Length ? numbersA[i] : 0;
            var y = i < numbersB.Length ? numbersB[i] : 0;
            if (x != y)
            {
                return x.CompareTo(y);
            }
        }
        if (preA is null || preB is null)
        {
            return preA is null ? (preB is null ? 0 : 1) : -1;
        }
        var partsA = preA.Split('.');
        var partsB = preB.Split('.');
        for (var i = 0; i < Math.Min(partsA.Length, partsB.Length); i++)
        {
            var numericA = long.TryParse(partsA[i], out var na);
            var numericB = long.TryParse(partsB[i], out var nb);
            int c;
            if (numericA && numericB)
            {
                c = na.CompareTo(nb);
            }
            else if (numericA != numericB)
            {
                c = numericA ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(partsA[i], partsB[i]);
            }
            if (c != 0)
            {
                return c;
            }
        }
        return partsA.Length.CompareTo(partsB.Length);
    }

    private static (long[] Numbers, string? PreRelease)? Parse(string text)
    {
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }
        string? pre = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            pre = text[(dash + 1)..];
            text = text[..dash];
            if (pre.Length == 0)
            {
                return null;
            }
        }
        var parts = text.Split('.');
        if (parts.Length == 0)
        {
            return null;
        }
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !long.TryParse(parts[i], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }
        return (numbers, pre);
    }
}
