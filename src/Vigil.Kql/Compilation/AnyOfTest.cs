namespace Vigil.Kql.Compilation;

/// <summary>Passes when any of several tests does (a query_string value split into terms at its spaces).</summary>
internal sealed class AnyOfTest(ValueTest[] tests) : ValueTest
{
    public override bool String(ReadOnlySpan<byte> utf8)
    {
        foreach (var t in tests)
        {
            if (t.String(utf8))
            {
                return true;
            }
        }
        return false;
    }

    public override bool Integer(long value)
    {
        foreach (var t in tests)
        {
            if (t.Integer(value))
            {
                return true;
            }
        }
        return false;
    }

    public override bool Decimal(double value)
    {
        foreach (var t in tests)
        {
            if (t.Decimal(value))
            {
                return true;
            }
        }
        return false;
    }

    public override bool Boolean(bool value)
    {
        foreach (var t in tests)
        {
            if (t.Boolean(value))
            {
                return true;
            }
        }
        return false;
    }
}
