namespace Vigil.Eql.Runtime;

/// <summary>
/// The Python engine's wildcard (eql/functions.py, <c>Wildcard.to_regex</c>): only <c>*</c> is special, matching
/// any run of characters, and the pattern covers the whole text; case folds when the dialect folds case.
/// </summary>
public sealed class EndgameWildcard
{
    private readonly string[] pieces;
    private readonly StringComparison comparison;

    public EndgameWildcard(string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        pieces = pattern.Split('*');
        comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public bool IsMatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (pieces.Length == 1)
        {
            return string.Equals(text, pieces[0], comparison);
        }
        if (!text.StartsWith(pieces[0], comparison))
        {
            return false;
        }
        var position = pieces[0].Length;
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var found = text.IndexOf(pieces[i], position, comparison);
            if (found < 0)
            {
                return false;
            }
            position = found + pieces[i].Length;
        }
        var last = pieces[^1];
        return text.Length - position >= last.Length && text.EndsWith(last, comparison);
    }

    /// <summary>True when any pattern matches; null for a value that is not a string (Python's is_string check).</summary>
    public static EqlValue MatchAny(in EqlValue value, EndgameWildcard[] patterns)
    {
        if (!value.IsText)
        {
            return EqlValue.Null;
        }
        var text = value.ToText()!;
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(text))
            {
                return EqlValue.True;
            }
        }
        return EqlValue.False;
    }
}
