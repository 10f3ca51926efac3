namespace Vigil.Kql.Compilation;

/// <summary>A wildcard over the whole keyword value, case-sensitive (Lucene compares UTF-8 bytes).</summary>
internal sealed class KeywordWildcardTest(byte[][] pieces) : KeywordTest
{
    public override bool String(ReadOnlySpan<byte> utf8) => WildcardMatcher.IsMatch(utf8, pieces);
}
