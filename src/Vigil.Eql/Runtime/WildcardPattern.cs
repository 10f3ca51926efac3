namespace Vigil.Eql.Runtime;

/// <summary>
/// A wildcard pattern (<c>*</c> any run, <c>?</c> one character; no escapes, so a backslash is literal, as in EQL)
/// matched against the whole text in linear time (greedy star with one backtrack point, never exponential).
/// </summary>
public sealed class WildcardPattern
{
    private readonly string pattern;
    private readonly bool ignoreCase;

    public WildcardPattern(string pattern, bool ignoreCase)
    {
        this.ignoreCase = ignoreCase;
        this.pattern = ignoreCase ? pattern.ToLowerInvariant() : pattern;
        HasWildcards = pattern.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    /// <summary>The pattern as given (lower-cased when case-insensitive).</summary>
    public string Text => pattern;

    public bool HasWildcards { get; }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var p = pattern.AsSpan();
        int t = 0, i = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (i < p.Length && (p[i] == '?' || (p[i] != '*' && Same(p[i], text[t]))))
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
