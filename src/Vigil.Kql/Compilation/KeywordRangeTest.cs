namespace Vigil.Kql.Compilation;

/// <summary>A range over keyword values: Lucene orders terms by their UTF-8 bytes.</summary>
internal sealed class KeywordRangeTest(byte[]? lower, bool lowerInclusive, byte[]? upper, bool upperInclusive) : KeywordTest
{
    public override bool String(ReadOnlySpan<byte> utf8)
    {
        if (lower is not null)
        {
            var c = utf8.SequenceCompareTo(lower);
            if (c < 0 || (c == 0 && !lowerInclusive))
            {
                return false;
            }
        }
        if (upper is not null)
        {
            var c = utf8.SequenceCompareTo(upper);
            if (c > 0 || (c == 0 && !upperInclusive))
            {
                return false;
            }
        }
        return true;
    }
}
