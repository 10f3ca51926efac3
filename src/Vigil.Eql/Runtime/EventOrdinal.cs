namespace Vigil.Eql.Runtime;

/// <summary>An event's place in time order: timestamp (epoch ns), then tiebreaker, then arrival order.</summary>
public readonly record struct EventOrdinal(long Timestamp, KeyValue Tiebreaker, long Arrival) : IComparable<EventOrdinal>
{
    public long TimestampMillis => FloorMillis(Timestamp);

    /// <summary>Epoch nanoseconds to epoch milliseconds, rounding down (exact integer arithmetic).</summary>
    public static long FloorMillis(long epochNanos)
    {
        var millis = Math.DivRem(epochNanos, 1_000_000, out var remainder);
        return remainder < 0 ? millis - 1 : millis;
    }

    public int CompareTo(EventOrdinal other)
    {
        var c = Timestamp.CompareTo(other.Timestamp);
        if (c != 0)
        {
            return c;
        }
        if (Tiebreaker.IsNull != other.Tiebreaker.IsNull)
        {
            // Events without a tiebreaker sort after those with one (ES sorts missing values last).
            return Tiebreaker.IsNull ? 1 : -1;
        }
        c = Tiebreaker.CompareTo(other.Tiebreaker);
        return c != 0 ? c : Arrival.CompareTo(other.Arrival);
    }

    public static bool operator <(EventOrdinal left, EventOrdinal right) => left.CompareTo(right) < 0;

    public static bool operator >(EventOrdinal left, EventOrdinal right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventOrdinal left, EventOrdinal right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventOrdinal left, EventOrdinal right) => left.CompareTo(right) >= 0;
}
