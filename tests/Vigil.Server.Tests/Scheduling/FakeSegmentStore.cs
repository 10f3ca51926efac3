using System.Text;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>
/// An in-memory stand-in for the event store: every append becomes one sealed NDJSON segment file in a temporary
/// folder (sources only, one per line, envelopes kept beside), so the scheduler reads real files with the real readers.
/// </summary>
internal sealed class FakeSegmentStore(string directory) : IEventStore
{
    private readonly Lock gate = new();
    private readonly List<FakeSegment> segments = [];

    /// <summary>Every event appended, in arrival order (the order the segments hold them).</summary>
    public List<IncomingEvent> All { get; } = [];

    public List<(DateTimeOffset From, DateTimeOffset To)> Searches { get; } = [];

    public List<DateTimeOffset> DeletedBefore { get; } = [];

    public ValueTask AppendAsync(IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken)
    {
        Append(events);
        return ValueTask.CompletedTask;
    }

    public void Append(IReadOnlyList<IncomingEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        lock (gate)
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"segment-{segments.Count:D6}.ndjson");
            using var file = File.Create(path);
            var envelopes = new List<(string, string)>();
            var min = DateTimeOffset.MaxValue;
            var max = DateTimeOffset.MinValue;
            foreach (var e in events)
            {
                file.Write(e.Source.Span);
                file.WriteByte((byte)'\n');
                envelopes.Add((e.Index, e.Id));
                foreach (var t in new[] { e.Timestamp ?? e.Ingested, e.Ingested })
                {
                    min = t < min ? t : min;
                    max = t > max ? t : max;
                }
                All.Add(e);
            }
            segments.Add(new FakeSegment(path, envelopes, file.Length, min, max));
        }
    }

    public IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to)
    {
        lock (gate)
        {
            Searches.Add((from, to));
            return segments.Where(s => s.MaxTime >= from && s.MinTime <= to).ToList();
        }
    }

    public int DeleteOlderThan(DateTimeOffset before)
    {
        lock (gate)
        {
            DeletedBefore.Add(before);
            return segments.RemoveAll(s => s.MaxTime < before);
        }
    }

    public EventStoreStats Stats
    {
        get
        {
            lock (gate)
            {
                return new EventStoreStats(segments.Count, segments.Sum(s => s.Events), segments.Sum(s => s.Bytes),
                    segments.Count == 0 ? null : segments.Min(s => s.MinTime), segments.Count == 0 ? null : segments.Max(s => s.MaxTime));
            }
        }
    }

    public void Dispose()
    {
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
