namespace Vigil.Kql.Compilation;

/// <summary>
/// Matches text against a pattern whose only wildcard is <c>*</c>, given as the literal pieces between the stars
/// (KQL has no <c>?</c>: Kibana escapes it for Elasticsearch). The first piece must start the text, the last must end
/// it and the middle ones must occur in order between them; taking each middle piece at its leftmost place is
/// optimal, so one pass of vectorised searches decides it.
/// </summary>
internal static class WildcardMatcher
{
    public static bool IsMatch<T>(ReadOnlySpan<T> text, T[][] pieces) where T : IEquatable<T>
    {
        if (pieces.Length == 1)
        {
            return text.SequenceEqual(pieces[0]);
        }
        var first = pieces[0];
        var last = pieces[^1];
        if (text.Length < first.Length + last.Length || !text.StartsWith(first) || !text.EndsWith(last))
        {
            return false;
        }
        var middle = text[first.Length..(text.Length - last.Length)];
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var piece = pieces[i];
            if (piece.Length == 0)
            {
                continue;
            }
            var at = middle.IndexOf(piece);
            if (at < 0)
            {
                return false;
            }
            middle = middle[(at + piece.Length)..];
        }
        return true;
    }
}
