using System.Collections.Concurrent;
using System.Text.Json;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

public sealed class ConcurrentAppendTests
{
    [Fact]
    public async Task Many_writers_with_readers_and_retention_running_lose_and_double_nothing()
    {
        using var folder = new StoreFolder();
        var t0 = TestEvents.Epoch;
        using var store = new SegmentEventStore(folder.Path, new SegmentStoreOptions { MaxSegmentBytes = 200_000 });
        var batches = new ConcurrentBag<List<IncomingEvent>>();
        using var done = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var b = 0; b < 60; b++)
            {
                var first = (writer * 1000L + b) * 100;
                var batch = TestEvents.Batch(first, random.Next(1, 60), t0, padding: random.Next(10, 400));
                await store.AppendAsync(batch, CancellationToken.None);
                batches.Add(batch);
            }
        })).ToArray();
        var seen = 0L;
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                // Seals the active segment whenever it has events; nothing is old enough for retention to take.
                seen = Math.Max(seen, store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Sum(s => s.Events));
                Assert.Equal(0, store.DeleteOlderThan(t0));
                _ = store.Stats;
                Thread.Sleep(1);
            }
        });
        await Task.WhenAll(writers);
        await done.CancelAsync();
        await reader;

        var read = SegmentReadBack.ReadAll(store);
        var sentCount = batches.Sum(batch => batch.Count);
        Assert.Equal(sentCount, read.Count);
        Assert.InRange(seen, 0, sentCount); // what a reader saw mid-way was never more than was sent
        // Each batch's events sit together and in order (an append is never interleaved with another).
        var position = read.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i);
        foreach (var batch in batches)
        {
            var start = position[batch[0].Id];
            for (var i = 0; i < batch.Count; i++)
            {
                Assert.Equal(start + i, position[batch[i].Id]);
                using var json = JsonDocument.Parse(read[start + i].Source);
                Assert.Equal(batch[i].Id, "id-" + json.RootElement.GetProperty("n").GetInt64());
            }
        }
    }
}
