using Vigil.Events.Projection;

namespace Vigil.Kql.Compilation;

/// <summary>
/// A date field between two instants (epoch nanoseconds, both inclusive; null for open). A <c>date</c> field keeps
/// milliseconds, so document values are truncated to the millisecond first; <c>date_nanos</c> keeps nanoseconds.
/// </summary>
internal sealed class DateRangeTest(long? lower, long? upper, bool millis) : ValueTest
{
    private const long NanosPerMilli = 1_000_000;

    public override bool Integer(long value) => InRange(value * NanosPerMilli);

    public override bool Decimal(double value) => InRange((long)Math.Floor(value * NanosPerMilli));

    public override bool String(ReadOnlySpan<byte> utf8) => EventTimestamp.TryParse(utf8, out var nanos) && InRange(nanos);

    private bool InRange(long nanos)
    {
        if (millis)
        {
            nanos = Math.DivRem(nanos, NanosPerMilli, out var rem) * NanosPerMilli - (rem < 0 ? NanosPerMilli : 0);
        }
        return (lower is not { } l || nanos >= l) && (upper is not { } u || nanos <= u);
    }
}
