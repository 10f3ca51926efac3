namespace Vigil.Kql.Compilation;

/// <summary>A term (or <c>match</c> on a keyword field): the whole value, byte for byte, so case-sensitive.</summary>
internal sealed class KeywordEqualsTest(byte[] expected) : KeywordTest
{
    public override bool String(ReadOnlySpan<byte> utf8) => utf8.SequenceEqual(expected);
}
