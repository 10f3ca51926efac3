namespace Vigil.Kql.Compilation;

/// <summary><c>match</c> on a text field: any query token among the value's tokens (the default operator is OR).</summary>
internal sealed class TextAnyTest(string[] queryTokens) : TextTest
{
    protected override bool Tokens(char[] lowered, List<(int Start, int Length)> tokens)
    {
        foreach (var (start, length) in tokens)
        {
            var token = lowered.AsSpan(start, length);
            foreach (var q in queryTokens)
            {
                if (token.SequenceEqual(q))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
