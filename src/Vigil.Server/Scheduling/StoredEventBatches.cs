using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Server.Store;

namespace Vigil.Server.Scheduling;

/// <summary>
/// A reader sink over the store's segments: each line becomes a <see cref="ScanEvent"/> with its stored envelope
/// (<c>_index</c>, <c>_id</c>); lines whose index the <paramref name="wanted"/> check refuses are dropped before they
/// are copied; the rest are handed on in batches of at most <see cref="BatchSize"/>, so what is held at once is one
/// batch, whatever the segments hold.
/// </summary>
internal sealed class StoredEventBatches(IReadOnlyDictionary<string, StoredSegment> byPath, Func<string, bool> wanted,
    Action<IReadOnlyList<ScanEvent>> batch) : IRecordSink
{
    public const int BatchSize = 4096;

    private List<ScanEvent> pending = new(BatchSize);

    public List<string> Problems { get; } = [];

    /// <summary>Reads the segments through this sink (prefilter and threads as the window search reads them) and hands on the last batch.</summary>
    public static List<string> Read(IReadOnlyList<StoredSegment> segments, Vigil.Events.Prefilter.LinePrefilter? prefilter, int threads,
        Func<string, bool> wanted, Action<IReadOnlyList<ScanEvent>> batch)
    {
        var byPath = new Dictionary<string, StoredSegment>(segments.Count, StringComparer.Ordinal);
        var paths = new List<string>(segments.Count);
        foreach (var segment in segments)
        {
            if (byPath.TryAdd(segment.Path, segment))
            {
                paths.Add(segment.Path);
            }
        }
        var sink = new StoredEventBatches(byPath, wanted, batch);
        if (paths.Count > 0)
        {
            InputReader.Read(paths, sink, new ReaderOptions
            {
                // Segments hold one source per line; never let an event that looks like a bulk action reframe a file.
                Format = InputFormat.Ndjson,
                Prefilter = prefilter is { PassesEverything: false } ? prefilter : null,
                Threads = threads,
            });
        }
        sink.Flush();
        return sink.Problems;
    }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        if (!byPath.TryGetValue(origin.Source, out var segment))
        {
            return;
        }
        var (keptIndex, keptId) = segment.EnvelopeOf(origin.Line);
        var resolved = keptIndex is { Length: > 0 } ? keptIndex : EventIndex.Resolve([], source, null) ?? "";
        if (!wanted(resolved))
        {
            return;
        }
        var eventId = keptId is { Length: > 0 } ? keptId : EventIdentity.Derive(source);
        pending.Add(new ScanEvent(resolved, eventId, source.ToArray(), origin.Source, origin.Line));
        if (pending.Count >= BatchSize)
        {
            Flush();
        }
    }

    public void Reject(InputError error) => Problems.Add(error.ToString());

    private void Flush()
    {
        if (pending.Count == 0)
        {
            return;
        }
        var full = pending;
        pending = new List<ScanEvent>(BatchSize);
        batch(full);
    }
}
