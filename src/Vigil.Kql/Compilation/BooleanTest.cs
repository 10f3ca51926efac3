namespace Vigil.Kql.Compilation;

/// <summary>A boolean field: JSON booleans, or the strings <c>true</c>/<c>false</c> that Elasticsearch also accepts.</summary>
internal sealed class BooleanTest(bool expected) : ValueTest
{
    public override bool Boolean(bool value) => value == expected;

    public override bool String(ReadOnlySpan<byte> utf8) =>
        utf8.SequenceEqual(expected ? "true"u8 : "false"u8);
}
