namespace Vigil.Kql.Compilation;

/// <summary>
/// A field the schema does not know: strings are tested as keywords, numbers numerically when the query value is a
/// number (and as text otherwise), booleans as text.
/// </summary>
internal sealed class DynamicTest(ValueTest text, ValueTest? number) : ValueTest
{
    public override bool String(ReadOnlySpan<byte> utf8) => text.String(utf8);

    public override bool Integer(long value) => number?.Integer(value) ?? text.Integer(value);

    public override bool Decimal(double value) => number?.Decimal(value) ?? text.Decimal(value);

    public override bool Boolean(bool value) => text.Boolean(value);
}
