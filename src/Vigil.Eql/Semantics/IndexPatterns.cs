namespace Vigil.Eql.Semantics;

/// <summary>Index-pattern arithmetic (patterns use <c>*</c> as the only wildcard).</summary>
public static class IndexPatterns
{
    /// <summary>Whether some index name matches both patterns (e.g. <c>logs-endpoint.events.*</c> and <c>logs-*</c>).</summary>
    public static bool Overlap(string first, string second)
    {
        // memo[i, j]: 0 unknown, 1 overlap, 2 no overlap, for the suffixes first[i..] and second[j..].
        var memo = new byte[first.Length + 1, second.Length + 1];
        return Overlap(first, 0, second, 0, memo);
    }

    private static bool Overlap(string a, int i, string b, int j, byte[,] memo)
    {
        if (memo[i, j] != 0)
        {
            return memo[i, j] == 1;
        }
        bool result;
        if (i == a.Length && j == b.Length)
        {
            result = true;
        }
        else if (i < a.Length && a[i] == '*')
        {
            // The star matches nothing, or swallows one more character (or star) of the other pattern.
            result = Overlap(a, i + 1, b, j, memo) || (j < b.Length && Overlap(a, i, b, j + 1, memo));
        }
        else if (j < b.Length && b[j] == '*')
        {
            result = Overlap(a, i, b, j + 1, memo) || (i < a.Length && Overlap(a, i + 1, b, j, memo));
        }
        else
        {
            result = i < a.Length && j < b.Length && a[i] == b[j] && Overlap(a, i + 1, b, j + 1, memo);
        }
        memo[i, j] = result ? (byte)1 : (byte)2;
        return result;
    }
}
