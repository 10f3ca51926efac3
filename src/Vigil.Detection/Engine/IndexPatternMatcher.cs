namespace Vigil.Detection.Engine;

/// <summary>
/// A rule's <c>index</c> patterns: an index is searched when it matches a pattern (<c>*</c> wildcards, comma lists
/// allowed) and no <c>-</c> exclusion. A data stream's backing index (<c>.ds-NAME-yyyy.MM.dd-NNNNNN</c>) is matched
/// by its data stream name, as Elasticsearch resolves patterns against data streams.
/// </summary>
public sealed class IndexPatternMatcher
{
    private readonly List<string> _include = [];
    private readonly List<string> _exclude = [];

    public IndexPatternMatcher(IEnumerable<string> patterns)
    {
        foreach (var entry in patterns)
        {
            foreach (var raw in entry.Split(','))
            {
                var p = raw.Trim();
                if (p.Length == 0) continue;
                if (p[0] == '-' && p.Length > 1) _exclude.Add(p[1..]);
                else _include.Add(p);
            }
        }
    }

    public bool IsEmpty => _include.Count == 0;

    public bool Matches(string index)
    {
        var name = DataStreamName(index);
        if (!Any(_include, index) && (name is null || !Any(_include, name)))
        {
            return false;
        }
        return !Any(_exclude, index) && (name is null || !Any(_exclude, name));
    }

    private static bool Any(List<string> patterns, string index)
    {
        foreach (var p in patterns)
        {
            if (Glob(index, 0, p, 0))
            {
                return true;
            }
        }
        return false;
    }

    private static string? DataStreamName(string index)
    {
        if (!index.StartsWith(".ds-", StringComparison.Ordinal))
        {
            return null;
        }
        // .ds-<name>-<yyyy.MM.dd>-<generation>
        var last = index.LastIndexOf('-');
        if (last <= 4) return null;
        var dateDash = index.LastIndexOf('-', last - 1);
        if (dateDash <= 4) return null;
        return index[4..dateDash];
    }

    private static bool Glob(string s, int i, string p, int j)
    {
        while (j < p.Length)
        {
            if (p[j] == '*')
            {
                while (j < p.Length && p[j] == '*') j++;
                if (j == p.Length) return true;
                for (var k = i; k <= s.Length; k++)
                {
                    if (Glob(s, k, p, j)) return true;
                }
                return false;
            }
            if (i >= s.Length || s[i] != p[j]) return false;
            i++;
            j++;
        }
        return i == s.Length;
    }
}
