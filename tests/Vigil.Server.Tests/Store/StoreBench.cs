using System.Diagnostics;
using System.Globalization;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;
using Vigil.Server.Store;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// Not a timed test: prints append and read throughput with fsync on this machine's disk. Run with
/// <c>dotnet test tests/Vigil.Server.Tests -c Release --filter Category=Bench --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Bench")]
public sealed class StoreBench(ITestOutputHelper output)
{
    [Fact]
    public async Task Append_and_read_throughput()
    {
        var defend = File.ReadAllLines(RepositoryPaths.DefendSample)
            .Take(1000).Select((line, i) => new IncomingEvent("logs-endpoint.events.process-default", "defend-" + i,
                System.Text.Encoding.UTF8.GetBytes(line), TestEvents.Epoch.AddSeconds(i), TestEvents.Epoch.AddSeconds(i))).ToList();
        var synthetic = TestEvents.Batch(0, 1000, TestEvents.Epoch, padding: 1400); // about 1.5 KB each

        await Measure("warm-up (tiered JIT), not a figure", synthetic, writers: 2, batchesPerWriter: 20);
        await Measure("1 writer, batches of 1000 x 1.5 KB", synthetic, writers: 1, batchesPerWriter: 40);
        await Measure("4 writers, batches of 1000 x 1.5 KB", synthetic, writers: 4, batchesPerWriter: 10);
        await Measure($"1 writer, batches of 1000 Defend events ({defend.Average(e => e.Source.Length):F0} B avg)", defend, writers: 1, batchesPerWriter: 20);
        await Measure("1 writer, batches of 1 event", synthetic.Take(1).ToList(), writers: 1, batchesPerWriter: 300);
        await Measure("16 writers, batches of 1 event", synthetic.Take(1).ToList(), writers: 16, batchesPerWriter: 50);
    }

    private async Task Measure(string label, List<IncomingEvent> batch, int writers, int batchesPerWriter)
    {
        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path);
        await store.AppendAsync(batch, CancellationToken.None); // warm up: files created, code jitted
        var bytesPerBatch = batch.Sum(e => e.Source.Length + 1L);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var b = 0; b < batchesPerWriter; b++)
            {
                await store.AppendAsync(batch, CancellationToken.None);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var batches = writers * batchesPerWriter;
        var events = (long)batches * batch.Count;
        var megabytes = batches * bytesPerBatch / 1e6;

        var segments = store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(events + batch.Count, segments.Sum(s => s.Events));
        var sink = new CountOnly();
        clock.Restart();
        var read = InputReader.Read(segments.Select(s => s.Path), sink, new ReaderOptions { Prefilter = LinePrefilter.PassThrough });
        var readSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(events + batch.Count, read.Records);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {batches / seconds:F0} appends/s, {events / seconds:F0} events/s, {megabytes / seconds:F1} MB/s, " +
            $"{seconds * 1000 / batches * writers:F2} ms per append; read back {read.Bytes / 1e6 / readSeconds:F0} MB/s"));
    }

    private sealed class CountOnly : IRecordSink
    {
        public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
        {
        }

        public void Reject(InputError error) => throw new InvalidOperationException(error.ToString());
    }
}
