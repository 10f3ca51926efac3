using System.Buffers.Text;

namespace Vigil.Kql.Compilation;

/// <summary>
/// A numeric field compared with bounds (equality is the range [v, v]). Documents' numeric strings are parsed, as
/// Elasticsearch coerces them; an integer field keeps the integer part of a decimal, as it indexes it.
/// </summary>
internal sealed class NumberRangeTest(double? lower, bool lowerInclusive, double? upper, bool upperInclusive, bool integerField) : ValueTest
{
    public override bool Integer(long value) => InRange(value);

    public override bool Decimal(double value) => InRange(integerField ? Math.Truncate(value) : value);

    public override bool String(ReadOnlySpan<byte> utf8)
    {
        if (Utf8Parser.TryParse(utf8, out double d, out var used) && used == utf8.Length)
        {
            return Decimal(d);
        }
        return false;
    }

    private bool InRange(double value)
    {
        if (lower is { } l && (value < l || (value == l && !lowerInclusive)))
        {
            return false;
        }
        if (upper is { } u && (value > u || (value == u && !upperInclusive)))
        {
            return false;
        }
        return true;
    }
}
