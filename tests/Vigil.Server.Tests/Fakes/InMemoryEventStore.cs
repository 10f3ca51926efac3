using Vigil.Server.Store;

namespace Vigil.Server.Tests.Fakes;

/// <summary>An event store in memory for the HTTP tests until the segment store lands; can be told to fail.</summary>
public sealed class InMemoryEventStore : IEventStore
{
    private readonly Lock gate = new();
    private readonly List<IncomingEvent> events = [];

    /// <summary>When set, every append throws this (a full disk, say).</summary>
    public Exception? FailWith { get; set; }

    public int Appends { get; private set; }

    public IReadOnlyList<IncomingEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public IReadOnlyList<IncomingEvent> InIndex(string index) => [.. Events.Where(e => e.Index == index)];

    public ValueTask AppendAsync(IReadOnlyList<IncomingEvent> incoming, CancellationToken cancellationToken)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }
        lock (gate)
        {
            // Copied, as a real store writes the bytes out: the test sees what was handed over at this moment.
            events.AddRange(incoming.Select(e => e with { Source = e.LineToArray(), Insertion = default }));
            Appends++;
        }
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to) => [];

    public int DeleteOlderThan(DateTimeOffset before) => 0;

    public EventStoreStats Stats
    {
        get
        {
            lock (gate)
            {
                return new EventStoreStats(1, events.Count, events.Sum(e => (long)e.Source.Length), null, null);
            }
        }
    }

    public void Dispose()
    {
    }
}
