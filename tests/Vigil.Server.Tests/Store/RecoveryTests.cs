using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// Crash recovery: the files of the active segment are cut (and sometimes zero-filled) at random points inside the
/// last append, as a process killed mid-write or a lost page leaves them; reopening must keep every earlier
/// (acknowledged) append exactly once, drop the torn one whole, and accept appends again.
/// </summary>
public sealed class RecoveryTests
{
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;

    [Fact]
    public async Task A_torn_last_append_is_cut_off_whole_and_the_acknowledged_ones_stay()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            using var folder = new StoreFolder();
            var acknowledged = new List<IncomingEvent>();
            var store = new SegmentEventStore(folder.Path, new SegmentStoreOptions { Time = new ManualTime(T0) });
            long number = 0;
            for (var batch = random.Next(1, 6); batch > 0; batch--)
            {
                var events = TestEvents.Batch(number, random.Next(1, 40), T0, padding: random.Next(0, 3000));
                number += events.Count;
                await store.AppendAsync(events, CancellationToken.None);
                acknowledged.AddRange(events);
            }
            var active = ActiveFiles(folder.Path);
            // The events' content, not the file's length: direct writes leave the last block padded with zeros.
            var eventsBefore = acknowledged.Sum(e => e.Source.Length + 1L);
            var envelopesBefore = new FileInfo(active.Envelopes).Length;
            var torn = TestEvents.Batch(number, random.Next(1, 40), T0, padding: random.Next(0, 3000));
            await store.AppendAsync(torn, CancellationToken.None);
            store.AbandonAsIfCrashed();

            var eventsAfter = eventsBefore + torn.Sum(e => e.Source.Length + 1L);
            var envelopesAfter = new FileInfo(active.Envelopes).Length;
            // Each file independently: whole, cut anywhere inside the last append, or cut and followed by zeros.
            var eventsCut = Cut(active.Events, eventsBefore, eventsAfter, random);
            var envelopesCut = Cut(active.Envelopes, envelopesBefore, envelopesAfter, random);
            var expected = new List<IncomingEvent>(acknowledged);
            if (!eventsCut && !envelopesCut)
            {
                expected.AddRange(torn); // nothing was torn: the append is whole on disk and is kept
            }

            var logged = new List<string>();
            using (var reopened = new SegmentEventStore(folder.Path, new SegmentStoreOptions { Time = new ManualTime(T0), Log = logged.Add }))
            {
                SegmentEventStoreTests.AssertSame(expected, SegmentReadBack.ReadAll(reopened));
                Assert.Equal(eventsCut || envelopesCut, logged.Count == 1);
                var more = TestEvents.Batch(10_000, 5, T0);
                await reopened.AppendAsync(more, CancellationToken.None);
                expected.AddRange(more);
            }
            using (var again = new SegmentEventStore(folder.Path, new SegmentStoreOptions { Time = new ManualTime(T0) }))
            {
                SegmentEventStoreTests.AssertSame(expected, SegmentReadBack.ReadAll(again));
            }
        }
    }

    [Fact]
    public async Task A_segment_whose_manifest_was_lost_is_rebuilt_from_its_files()
    {
        using var folder = new StoreFolder();
        var sent = TestEvents.Batch(0, 100, T0);
        using (var store = new SegmentEventStore(folder.Path))
        {
            await store.AppendAsync(sent, CancellationToken.None);
        }
        var manifest = Assert.Single(Directory.GetFiles(folder.Path, "*.manifest"));
        File.Move(manifest, manifest + ".tmp"); // as if the seal stopped before its rename
        using (var store = new SegmentEventStore(folder.Path))
        {
            var segment = Assert.Single(store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
            Assert.Equal(T0, segment.MinTime);
            Assert.Equal(T0.AddSeconds(101), segment.MaxTime);
            SegmentEventStoreTests.AssertSame(sent, SegmentReadBack.Read([segment]));
        }
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task Leftovers_of_a_deletion_cut_short_are_removed_and_events_without_envelopes_set_aside()
    {
        using var folder = new StoreFolder();
        var kept = TestEvents.Batch(0, 10, T0);
        using (var store = new SegmentEventStore(folder.Path))
        {
            await store.AppendAsync(TestEvents.Batch(0, 10, T0), CancellationToken.None);
            store.Overlapping(T0, T0);
            await store.AppendAsync(TestEvents.Batch(0, 10, T0), CancellationToken.None);
            store.Overlapping(T0, T0);
            await store.AppendAsync(kept, CancellationToken.None);
        }
        var segments = Directory.GetFiles(folder.Path, "*.ndjson").Order(StringComparer.Ordinal).ToArray();
        File.Delete(segments[0]); // deletion stopped after the events file
        File.Delete(Path.ChangeExtension(segments[1], ".env")); // cannot happen, but must not lose or invent anything
        var logged = new List<string>();
        using (var store = new SegmentEventStore(folder.Path, new SegmentStoreOptions { Log = logged.Add }))
        {
            SegmentEventStoreTests.AssertSame(kept, SegmentReadBack.ReadAll(store));
            Assert.Contains(logged, line => line.Contains("set aside", StringComparison.Ordinal));
            await store.AppendAsync(kept, CancellationToken.None);
            Assert.Equal(2, store.Stats.Segments);
        }
        Assert.Empty(Directory.GetFiles(folder.Path, Path.GetFileNameWithoutExtension(segments[0]) + ".*"));
        Assert.True(File.Exists(segments[1] + ".unindexed"));
    }

    /// <summary>The events and envelope files of the segment being appended to (the one without a manifest).</summary>
    internal static (string Events, string Envelopes) ActiveFiles(string folder)
    {
        var events = Directory.GetFiles(folder, "*.ndjson").Where(path => !File.Exists(Path.ChangeExtension(path, ".manifest")))
            .Order(StringComparer.Ordinal).Last();
        return (events, Path.ChangeExtension(events, ".env"));
    }

    /// <summary>Cuts the file somewhere in [<paramref name="from"/>, <paramref name="to"/>) or leaves it whole; true when cut.</summary>
    private static bool Cut(string path, long from, long to, Random random)
    {
        if (random.Next(4) == 0)
        {
            return false;
        }
        var at = from + (long)(random.NextDouble() * (to - from));
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(at);
        if (random.Next(3) == 0)
        {
            // A lost page reads back as zeros: the file is as long as written but the tail is not the data.
            file.Seek(0, SeekOrigin.End);
            file.Write(new byte[to - at]);
        }
        return true;
    }
}
