using System.Text;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

public sealed class SegmentEventStoreTests
{
    private static readonly DateTimeOffset T0 = TestEvents.Epoch;

    private static SegmentStoreOptions Options(ManualTime time, long maxBytes = 64L << 20) =>
        new() { Time = time, MaxSegmentBytes = maxBytes };

    [Fact]
    public async Task Appended_events_come_back_line_for_line_with_their_envelopes()
    {
        using var folder = new StoreFolder();
        var sent = new List<IncomingEvent>();
        using (var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0))))
        {
            var first = TestEvents.Batch(0, 5, T0);
            // Ids and indices with the characters the sidecar escapes, and non-ASCII.
            first.Add(TestEvents.Make(5, T0, T0, id: "tab\there\\and\nline\rcr", index: "logs-ünïcode-default"));
            first.Add(TestEvents.Make(6, T0, T0, id: "\\t literally", index: "a"));
            await store.AppendAsync(first, CancellationToken.None);
            var second = TestEvents.Batch(7, 1000, T0, padding: 1500);
            await store.AppendAsync(second, CancellationToken.None);
            sent.AddRange(first);
            sent.AddRange(second);

            var read = SegmentReadBack.ReadAll(store);
            AssertSame(sent, read);
        }
        using (var reopened = new SegmentEventStore(folder.Path, Options(new ManualTime(T0))))
        {
            AssertSame(sent, SegmentReadBack.ReadAll(reopened));
        }
    }

    [Fact]
    public async Task A_window_gets_the_sealed_segments_it_overlaps_oldest_first_and_the_active_one_sealed_only_when_it_overlaps()
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        // Segment 1: @timestamp T0+0..9 s, ingested 2 s later: [T0, T0+11 s].
        await store.AppendAsync(TestEvents.Batch(0, 10, T0), CancellationToken.None);
        var one = Assert.Single(store.Overlapping(T0, T0.AddSeconds(5)));
        Assert.Equal(T0, one.MinTime);
        Assert.Equal(T0.AddSeconds(11), one.MaxTime);
        Assert.Equal(10, one.Events);

        // Segment 2: [T0+2 h, T0+2 h+11 s]; segment 3 stays active at [T0+4 h, ...].
        var twoStart = T0.AddHours(2);
        await store.AppendAsync(TestEvents.Batch(0, 10, twoStart), CancellationToken.None);
        var two = Assert.Single(store.Overlapping(twoStart.AddSeconds(11), twoStart.AddHours(1)));
        await store.AppendAsync(TestEvents.Batch(0, 10, T0.AddHours(4)), CancellationToken.None);

        Assert.Empty(store.Overlapping(T0.AddSeconds(12), twoStart.AddTicks(-1)));
        Assert.Empty(store.Overlapping(T0.AddHours(3), T0.AddHours(4).AddTicks(-1)));
        Assert.Equal(3, store.Stats.Segments); // the third is still active and was not sealed by those calls
        var lengthBefore = new FileInfo(two.Path).Length;
        var all = store.Overlapping(T0.AddSeconds(11), T0.AddHours(4));
        Assert.Equal(3, all.Count);
        Assert.Equal(one.Path, all[0].Path);
        Assert.Equal(two.Path, all[1].Path);
        Assert.True(string.CompareOrdinal(all[1].Path, all[2].Path) < 0);

        // Sealed files never change: a later append goes to a new segment.
        var sealedLength = new FileInfo(all[2].Path).Length;
        await store.AppendAsync(TestEvents.Batch(100, 3, T0.AddHours(4)), CancellationToken.None);
        Assert.Equal(sealedLength, new FileInfo(all[2].Path).Length);
        Assert.Equal(lengthBefore, new FileInfo(two.Path).Length);
        Assert.Equal(4, store.Overlapping(T0, T0.AddHours(5)).Count);
    }

    [Fact]
    public async Task Late_and_out_of_order_events_widen_the_time_index_on_both_fields()
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        var now = T0.AddHours(10);
        var batch = new List<IncomingEvent>
        {
            TestEvents.Make(0, now.AddMinutes(-1), now),
            TestEvents.Make(1, now.AddDays(-3), now.AddSeconds(1)), // a shipper's backlog: @timestamp three days old
            TestEvents.Make(2, now.AddMinutes(-5), now.AddSeconds(-30)),
            TestEvents.Make(3, null, now.AddSeconds(5)), // no @timestamp: only event.ingested counts
        };
        await store.AppendAsync(batch, CancellationToken.None);

        var segment = Assert.Single(store.Overlapping(now.AddDays(-3).AddHours(-1), now.AddDays(-3).AddHours(1)));
        Assert.Equal(now.AddDays(-3), segment.MinTime);
        Assert.Equal(now.AddSeconds(5), segment.MaxTime);
        // Found by a window over the ingest times too, and not by one between the two (the index is a range).
        Assert.Single(store.Overlapping(now.AddSeconds(3), now.AddSeconds(4)));
        Assert.Empty(store.Overlapping(now.AddDays(-4), now.AddDays(-3).AddTicks(-1)));
        Assert.Empty(store.Overlapping(now.AddSeconds(5).AddTicks(1), now.AddDays(1)));
        AssertSame(batch, SegmentReadBack.Read([segment]));
    }

    [Fact]
    public async Task Segments_rotate_by_size_and_by_age()
    {
        using var folder = new StoreFolder();
        var time = new ManualTime(T0);
        var sent = new List<IncomingEvent>();
        using var store = new SegmentEventStore(folder.Path, Options(time, maxBytes: 10_000));
        for (var i = 0; i < 30; i++)
        {
            var batch = TestEvents.Batch(i * 10, 10, T0, padding: 200); // about 3 KB a batch
            sent.AddRange(batch);
            await store.AppendAsync(batch, CancellationToken.None);
        }
        var bySize = store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.True(bySize.Count >= 9, $"{bySize.Count} segments");
        Assert.All(bySize, segment => Assert.True(segment.Bytes <= 10_000, $"{segment.Bytes} bytes"));
        Assert.Equal(sent.Count, bySize.Sum(segment => segment.Events));
        AssertSame(sent, SegmentReadBack.Read(bySize));

        await store.AppendAsync(TestEvents.Batch(1000, 1, T0), CancellationToken.None);
        time.Now = T0.AddSeconds(59);
        await store.AppendAsync(TestEvents.Batch(1001, 1, T0), CancellationToken.None);
        Assert.Equal(bySize.Count + 1, store.Stats.Segments);
        time.Now = T0.AddSeconds(61);
        await store.AppendAsync(TestEvents.Batch(1002, 1, T0), CancellationToken.None);
        Assert.Equal(bySize.Count + 2, store.Stats.Segments); // the one started at T0 is over a minute old: sealed
    }

    [Fact]
    public async Task Retention_removes_old_segments_and_defers_unlinking_those_recently_handed_out()
    {
        using var folder = new StoreFolder();
        var time = new ManualTime(T0);
        using var store = new SegmentEventStore(folder.Path, Options(time) with { DeletionGrace = TimeSpan.FromMinutes(10) });
        await store.AppendAsync(TestEvents.Batch(0, 4, T0), CancellationToken.None); // [T0, T0+5 s]
        var old = Assert.Single(store.Overlapping(T0, T0));
        await store.AppendAsync(TestEvents.Batch(0, 4, T0.AddHours(1)), CancellationToken.None); // [T0+1 h, T0+1 h+5 s]
        Assert.Single(store.Overlapping(T0.AddHours(1), T0.AddHours(1)));
        await store.AppendAsync(TestEvents.Batch(0, 4, T0.AddHours(2)), CancellationToken.None); // stays active, never handed out

        Assert.Equal(0, store.DeleteOlderThan(T0.AddSeconds(5))); // max time T0+5 s is not older than T0+5 s
        Assert.Equal(1, store.DeleteOlderThan(T0.AddSeconds(5).AddTicks(1)));
        Assert.Equal(2, store.Stats.Segments);
        Assert.Equal(2, store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.True(File.Exists(old.Path), "a segment handed out a moment ago keeps its files through the grace");
        Assert.Equal(T0.AddHours(1), store.Stats.Oldest);

        time.Now = T0.AddMinutes(11);
        Assert.Equal(0, store.DeleteOlderThan(T0));
        Assert.False(File.Exists(old.Path));
        Assert.Empty(Directory.GetFiles(folder.Path, Path.GetFileNameWithoutExtension(old.Path) + ".*"));

        // Everything older than the newest: the two others go, their files too once the grace is over.
        time.Now = T0.AddMinutes(30);
        Assert.Equal(2, store.DeleteOlderThan(T0.AddDays(1)));
        Assert.Equal(new EventStoreStats(0, 0, 0, null, null), store.Stats);
        Assert.Empty(Directory.GetFiles(folder.Path, "seg-*"));
    }

    [Fact]
    public async Task Stats_count_segments_events_bytes_and_the_time_span()
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        Assert.Equal(new EventStoreStats(0, 0, 0, null, null), store.Stats);
        var a = TestEvents.Batch(0, 3, T0);
        await store.AppendAsync(a, CancellationToken.None);
        store.Overlapping(T0, T0);
        var b = TestEvents.Batch(10, 2, T0);
        await store.AppendAsync(b, CancellationToken.None);

        var stats = store.Stats;
        Assert.Equal(2, stats.Segments);
        Assert.Equal(5, stats.Events);
        var eventBytes = a.Concat(b).Sum(e => e.Source.Length + 1L);
        var onDisk = Directory.GetFiles(folder.Path).Sum(path => new FileInfo(path).Length);
        Assert.InRange(stats.Bytes, eventBytes, onDisk + 1024); // events plus envelopes, the manifest estimated
        Assert.Equal(T0, stats.Oldest); // event 0: @timestamp T0
        Assert.Equal(T0.AddSeconds(13), stats.Newest); // event 11: @timestamp T0+11 s, ingested 2 s later
    }

    [Fact]
    public async Task An_insertion_is_written_inside_the_source_and_survives_a_reopen_with_its_checksum()
    {
        using var folder = new StoreFolder();
        // One request buffer holding two documents, as ingest hands them over: slices plus what goes inside them.
        byte[] request = Encoding.UTF8.GetBytes("{\"a\":1,\"event\":{\"kind\":\"event\"}}{\"b\":2}");
        var inEvent = new IncomingEvent("logs-x-default", "one", request.AsMemory(0, 32), T0, T0)
        {
            Insertion = new SourceInsertion(16, Encoding.UTF8.GetBytes("\"ingested\":\"2026-12-04T06:00:00Z\",")),
        };
        var atStart = new IncomingEvent("logs-x-default", "two", request.AsMemory(32), T0, T0)
        {
            Insertion = new SourceInsertion(1, Encoding.UTF8.GetBytes("\"event\":{\"ingested\":\"2026-12-04T06:00:00Z\"},")),
        };
        string[] expected =
        [
            "{\"a\":1,\"event\":{\"ingested\":\"2026-12-04T06:00:00Z\",\"kind\":\"event\"}}",
            "{\"event\":{\"ingested\":\"2026-12-04T06:00:00Z\"},\"b\":2}",
        ];
        using (var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0))))
        {
            await store.AppendAsync([inEvent, atStart], CancellationToken.None);
            request.AsSpan().Fill((byte)'x'); // the caller reuses its buffer once the append completed
            Assert.Equal(expected, SegmentReadBack.ReadAll(store).Select(e => e.Source));
        }
        using var reopened = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        Assert.Equal(expected, SegmentReadBack.ReadAll(reopened).Select(e => e.Source));
        Assert.Equal(2, reopened.Stats.Events); // recovery kept both: the sidecar's lengths and checksums are the written lines'
    }

    [Fact]
    public async Task An_insertion_outside_the_object_or_with_a_line_break_rejects_the_batch()
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        var good = TestEvents.Make(0, T0, T0);
        foreach (var bad in new[] { new SourceInsertion(0, "\"x\":1,"u8.ToArray()), new SourceInsertion(good.Source.Length, "\"x\":1"u8.ToArray()), new SourceInsertion(1, "\"x\":\n1,"u8.ToArray()) })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync([good, good with { Id = "bad", Insertion = bad }], CancellationToken.None));
            Assert.Contains("event 1", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, store.Stats.Events);
    }

    [Fact]
    public async Task A_line_break_or_a_non_object_source_rejects_the_batch_before_anything_is_written()
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        var good = TestEvents.Make(0, T0, T0);
        IncomingEvent With(string source) => good with { Id = "bad", Source = Encoding.UTF8.GetBytes(source) };

        foreach (var bad in new[] { "{\"a\":\n1}", "{\"a\":\r1}", "{\"a\":1}\n", "[1]", "", "{" })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync([good, With(bad)], CancellationToken.None));
            Assert.Contains("event 1", error.Message, StringComparison.Ordinal);
        }
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.AppendAsync([good, null!], CancellationToken.None));
        Assert.Equal(0, store.Stats.Events);
        Assert.Empty(Directory.GetFiles(folder.Path, "seg-*")); // not even a segment file was created

        await store.AppendAsync([good], CancellationToken.None);
        AssertSame([good], SegmentReadBack.ReadAll(store));
    }

    [Fact]
    public async Task Reopening_continues_in_a_new_segment_after_the_old_ones()
    {
        using var folder = new StoreFolder();
        var sent = new List<IncomingEvent>();
        for (var round = 0; round < 3; round++)
        {
            using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
            AssertSame(sent, SegmentReadBack.ReadAll(store));
            var batch = TestEvents.Batch(round * 100, 7, T0);
            await store.AppendAsync(batch, CancellationToken.None);
            sent.AddRange(batch);
        }
        using (var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0))))
        {
            var segments = store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            Assert.Equal(3, segments.Count);
            AssertSame(sent, SegmentReadBack.Read(segments));
        }
    }

    [Fact]
    public async Task Envelope_of_a_line_outside_the_segment_is_refused()
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, Options(new ManualTime(T0)));
        await store.AppendAsync(TestEvents.Batch(0, 130, T0), CancellationToken.None);
        var segment = Assert.Single(store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(("logs-endpoint.events.process-default", "id-129"), segment.EnvelopeOf(130));
        Assert.Equal(("logs-endpoint.events.process-default", "id-64"), segment.EnvelopeOf(65));
        Assert.Throws<ArgumentOutOfRangeException>(() => segment.EnvelopeOf(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => segment.EnvelopeOf(131));
    }

    [Fact]
    public async Task An_idle_active_segment_is_sealed_once_it_is_older_than_the_maximum_age()
    {
        using var folder = new StoreFolder();
        var time = new ManualTime(T0);
        using var store = new SegmentEventStore(folder.Path, Options(time));
        await store.AppendAsync(TestEvents.Batch(0, 3, T0), CancellationToken.None);
        await Task.Delay(1500);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.manifest")); // not a minute old yet
        time.Now = T0.AddMinutes(1);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.GetFiles(folder.Path, "*.manifest").Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Single(Directory.GetFiles(folder.Path, "*.manifest"));
    }

    [Fact]
    public void A_second_store_on_the_same_folder_is_refused_until_the_first_is_closed()
    {
        using var folder = new StoreFolder();
        var first = new SegmentEventStore(folder.Path);
        var error = Assert.Throws<IOException>(() => new SegmentEventStore(folder.Path));
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
        first.Dispose();
        using var second = new SegmentEventStore(folder.Path);
        Assert.Equal(0, second.Stats.Events);
    }

    internal static void AssertSame(IReadOnlyList<IncomingEvent> sent, IReadOnlyList<StoredEvent> read)
    {
        Assert.Equal(sent.Count, read.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(Encoding.UTF8.GetString(sent[i].LineToArray()), read[i].Source);
            Assert.Equal(sent[i].Index, read[i].Index);
            Assert.Equal(sent[i].Id, read[i].Id);
        }
    }
}
