namespace Vigil.Eql.Runtime;

/// <summary>
/// A wildcard pattern (<c>*</c> any run, <c>?</c> one character; no escapes, so a backslash is literal, as in EQL)
/// matched against the whole text in linear time (greedy star with one backtrack point, never exponential).
/// The common shapes — no wildcard, <c>x*</c>, <c>*x</c>, <c>*x*</c> — are answered by vectorised span searches.
/// </summary>
public sealed class WildcardPattern
{
    private readonly string pattern;
    private readonly bool ignoreCase;
    private readonly Shape shape;
    private readonly string core;

    public WildcardPattern(string pattern, bool ignoreCase)
    {
        this.ignoreCase = ignoreCase;
        this.pattern = ignoreCase ? pattern.ToLowerInvariant() : pattern;
        HasWildcards = pattern.AsSpan().IndexOfAny('*', '?') >= 0;
        (shape, core) = Classify(this.pattern);
    }

    private enum Shape
    {
        Whole,
        Prefix,
        Suffix,
        Contains,
        General,
    }

    /// <summary>Whether the pattern ignores case (then <see cref="IsMatchLowered"/> may be given lower-cased text).</summary>
    public bool IgnoreCase => ignoreCase;

    /// <summary>
    /// Matches text already lower-cased character by character with <see cref="char.ToLowerInvariant"/> (when the
    /// pattern ignores case; otherwise the text as is): the same answer as <see cref="IsMatch"/>, since a lower-cased
    /// pattern character equals a text character exactly when it equals that character lower-cased. Lower-casing once
    /// serves every pattern of a list.
    /// </summary>
    public bool IsMatchLowered(ReadOnlySpan<char> text) => shape switch
    {
        Shape.Whole => text.SequenceEqual(core),
        Shape.Prefix => text.StartsWith(core, StringComparison.Ordinal),
        Shape.Suffix => text.EndsWith(core, StringComparison.Ordinal),
        Shape.Contains => text.IndexOf(core, StringComparison.Ordinal) >= 0,
        _ => MatchGeneral(text, exact: true),
    };

    /// <summary>Lower-cases <paramref name="text"/> into <paramref name="lowered"/> as <see cref="IsMatchLowered"/> expects.</summary>
    public static void Lower(ReadOnlySpan<char> text, Span<char> lowered)
    {
        for (var i = 0; i < text.Length; i++)
        {
            lowered[i] = char.ToLowerInvariant(text[i]);
        }
    }

    private static (Shape Shape, string Core) Classify(string pattern)
    {
        if (pattern.Contains('?', StringComparison.Ordinal))
        {
            return (Shape.General, pattern);
        }
        var leading = pattern.StartsWith('*');
        var trailing = pattern.Length > 1 && pattern.EndsWith('*');
        var inner = pattern.AsSpan(leading ? 1 : 0, pattern.Length - (leading ? 1 : 0) - (trailing ? 1 : 0));
        if (inner.Contains('*'))
        {
            return (Shape.General, pattern);
        }
        var shape = (leading, trailing) switch
        {
            (false, false) => Shape.Whole,
            (false, true) => Shape.Prefix,
            (true, false) => Shape.Suffix,
            _ => Shape.Contains,
        };
        return (shape, inner.ToString());
    }

    /// <summary>The pattern as given (lower-cased when case-insensitive).</summary>
    public string Text => pattern;

    public bool HasWildcards { get; }

    public bool IsMatch(ReadOnlySpan<char> text) => MatchGeneral(text, exact: false);

    // exact: the text is already lower-cased (or the pattern is case-sensitive), so characters compare as they are.
    private bool MatchGeneral(ReadOnlySpan<char> text, bool exact)
    {
        var p = pattern.AsSpan();
        int t = 0, i = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (i < p.Length && (p[i] == '?' || (p[i] != '*' && (exact ? p[i] == text[t] : Same(p[i], text[t])))))
            {
                i++;
                t++;
            }
            else if (i < p.Length && p[i] == '*')
            {
                star = i++;
                mark = t;
            }
            else if (star >= 0)
            {
                i = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (i < p.Length && p[i] == '*')
        {
            i++;
        }
        return i == p.Length;
    }

    private bool Same(char patternChar, char textChar) =>
        patternChar == textChar || (ignoreCase && patternChar == char.ToLowerInvariant(textChar));
}
