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
            var score = 1f - (float)Distance(name, candidate) / longer;
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

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
