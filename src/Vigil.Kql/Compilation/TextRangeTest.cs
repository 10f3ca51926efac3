namespace Vigil.Kql.Compilation;

/// <summary>A range on a text field: Elasticsearch compares the indexed tokens with the bounds as given (not analysed).</summary>
internal sealed class TextRangeTest(string? lower, bool lowerInclusive, string? upper, bool upperInclusive) : TextTest
{
    protected override bool Tokens(char[] lowered, List<(int Start, int Length)> tokens)
    {
        foreach (var (start, length) in tokens)
        {
            var token = lowered.AsSpan(start, length);
            var ok = true;
            if (lower is not null)
            {
                var c = token.SequenceCompareTo(lower);
                ok = c > 0 || (c == 0 && lowerInclusive);
            }
            if (ok && upper is not null)
            {
                var c = token.SequenceCompareTo(upper);
                ok = c < 0 || (c == 0 && upperInclusive);
            }
            if (ok)
            {
                return true;
            }
        }
        return false;
    }
}
