namespace Vigil.Kql.Compilation;

/// <summary>
/// <c>match_phrase</c> on a text field: the query's tokens appear consecutively in one value (values of an array
/// are 100 positions apart in Elasticsearch, so a phrase never spans two).
/// </summary>
internal sealed class TextPhraseTest(string[] queryTokens) : TextTest
{
    protected override bool Tokens(char[] lowered, List<(int Start, int Length)> tokens)
    {
        for (var i = 0; i + queryTokens.Length <= tokens.Count; i++)
        {
            var all = true;
            for (var j = 0; j < queryTokens.Length && all; j++)
            {
                var (start, length) = tokens[i + j];
                all = lowered.AsSpan(start, length).SequenceEqual(queryTokens[j]);
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }
}
