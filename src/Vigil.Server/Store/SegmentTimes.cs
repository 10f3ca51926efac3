namespace Vigil.Server.Store;

/// <summary>
/// The time index of one segment: earliest and latest <c>@timestamp</c> (when events have one) and
/// <c>event.ingested</c>, in UTC ticks. Events arrive out of order, so these are true minima and maxima, not the
/// first and last line.
/// </summary>
internal struct SegmentTimes
{
    public long MinTimestamp;
    public long MaxTimestamp;
    public long MinIngested;
    public long MaxIngested;
    public bool HasTimestamp;
    public bool HasIngested;

    public readonly bool IsEmpty => !HasTimestamp && !HasIngested;

    public readonly long Min => HasTimestamp && HasIngested ? Math.Min(MinTimestamp, MinIngested) : HasTimestamp ? MinTimestamp : MinIngested;

    public readonly long Max => HasTimestamp && HasIngested ? Math.Max(MaxTimestamp, MaxIngested) : HasTimestamp ? MaxTimestamp : MaxIngested;

    public readonly DateTimeOffset MinTime => new(Min, TimeSpan.Zero);

    public readonly DateTimeOffset MaxTime => new(Max, TimeSpan.Zero);

    public void Add(long? timestamp, long ingested)
    {
        if (timestamp is { } t)
        {
            AddTimestamp(t);
        }
        AddIngested(ingested);
    }

    public void AddTimestamp(long ticks)
    {
        MinTimestamp = HasTimestamp ? Math.Min(MinTimestamp, ticks) : ticks;
        MaxTimestamp = HasTimestamp ? Math.Max(MaxTimestamp, ticks) : ticks;
        HasTimestamp = true;
    }

    public void AddIngested(long ticks)
    {
        MinIngested = HasIngested ? Math.Min(MinIngested, ticks) : ticks;
        MaxIngested = HasIngested ? Math.Max(MaxIngested, ticks) : ticks;
        HasIngested = true;
    }

    public void Merge(in SegmentTimes other)
    {
        if (other.HasTimestamp)
        {
            AddTimestamp(other.MinTimestamp);
            AddTimestamp(other.MaxTimestamp);
        }
        if (other.HasIngested)
        {
            AddIngested(other.MinIngested);
            AddIngested(other.MaxIngested);
        }
    }

    /// <summary>Whether [Min, Max] meets [<paramref name="from"/>, <paramref name="to"/>] (both ends inclusive).</summary>
    public readonly bool Intersects(DateTimeOffset from, DateTimeOffset to) =>
        !IsEmpty && Min <= to.UtcTicks && Max >= from.UtcTicks;
}
