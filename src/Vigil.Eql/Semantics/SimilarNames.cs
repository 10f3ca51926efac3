namespace Vigil.Eql.Semantics;

/// <summary>"Did you mean" suggestions: names whose Levenshtein similarity (1 - distance / longer length) is at least 0.5.</summary>
internal static class SimilarNames
{
    public static List<string> Find(string name, IEnumerable<string> candidates, int limit)
    {
        var scored = new List<(float Score, string Name)>();
        foreach (var candidate in candidates)
        {
            var longer = Math.Max(name.Length, candidate.Length);
            if (longer == 0 || Math.Abs(name.Length - candidate.Length) * 2 > longer)
            {
                continue;
            }
            // similarity >= 0.5 means at most longer/2 edits; Distance gives up past that bound.
            var distance = Distance(name, candidate, longer / 2);
            if (distance < 0)
            {
                continue;
            }
            var score = 1f - (float)distance / longer;
            if (score >= 0.5f)
            {
                scored.Add((score, candidate));
            }
        }
        scored.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Name, b.Name));
        var result = new List<string>();
        for (var i = 0; i < scored.Count && i < limit; i++)
        {
            result.Add(scored[i].Name);
        }
        return result;
    }

    /// <summary><c>, did you mean [x]?</c> / <c>, did you mean any of [x, y]?</c>, or empty.</summary>
    public static string Suffix(List<string> similar) => similar.Count switch
    {
        0 => string.Empty,
        1 => $", did you mean [{similar[0]}]?",
        _ => $", did you mean any of [{string.Join(", ", similar)}]?",
    };

    /// <summary>Levenshtein distance, or -1 as soon as it must exceed <paramref name="bound"/>.</summary>
    private static int Distance(string a, string b, int bound)
    {
        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }
            if (rowMinimum > bound)
            {
                return -1;
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.Length] <= bound ? previous[b.Length] : -1;
    }
}
