namespace Vigil.Eql.Runtime;

/// <summary>
/// A streaming run's reorder buffer (<see cref="StreamingQuery"/>): events are held until they are older than the
/// newest seen by <see cref="Window"/> of event time, or until more than <see cref="MaxEvents"/> wait; then released
/// in Elasticsearch's order (timestamp, tiebreaker, input order). Anything arriving behind a released event is late.
/// </summary>
public sealed record ReorderOptions
{
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxEvents { get; init; } = 50_000;

    public static ReorderOptions Default { get; } = new();
}
