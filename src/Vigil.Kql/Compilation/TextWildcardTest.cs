namespace Vigil.Kql.Compilation;

/// <summary>
/// A wildcard term on a text field (<c>query_string</c>): the lower-cased pattern against each token of the value.
/// </summary>
internal sealed class TextWildcardTest(char[][] loweredPieces) : TextTest
{
    protected override bool Tokens(char[] lowered, List<(int Start, int Length)> tokens)
    {
        foreach (var (start, length) in tokens)
        {
            if (WildcardMatcher.IsMatch<char>(lowered.AsSpan(start, length), loweredPieces))
            {
                return true;
            }
        }
        return false;
    }
}
