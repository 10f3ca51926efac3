using System.Text;
using Vigil.Events.Readers;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// The shipped Defend sample stored in batches reads back, through the same reader, exactly as the file itself
/// does: the reader over the original file is the oracle.
/// </summary>
public sealed class SampleRoundTripTests
{
    [Fact]
    public async Task The_Defend_sample_reads_back_from_the_store_as_from_its_file()
    {
        var sample = RepositoryPaths.DefendSample;
        var original = new SourcesOnly();
        InputReader.ReadPath(sample, original);
        Assert.Equal(2000, original.Sources.Count);

        using var folder = new StoreFolder();
        using var store = new SegmentEventStore(folder.Path, new SegmentStoreOptions { MaxSegmentBytes = 1 << 20 });
        var lines = File.ReadAllLines(sample);
        for (var start = 0; start < lines.Length; start += 150)
        {
            var batch = lines.Skip(start).Take(150).Select((line, i) => new IncomingEvent(
                "logs-endpoint.events.process-default", "line-" + (start + i + 1), Encoding.UTF8.GetBytes(line),
                TestEvents.Epoch, TestEvents.Epoch)).ToList();
            await store.AppendAsync(batch, CancellationToken.None);
        }
        var read = SegmentReadBack.ReadAll(store);
        Assert.True(store.Stats.Segments > 1);
        Assert.Equal(original.Sources, read.Select(e => e.Source).ToList());
        Assert.Equal(Enumerable.Range(1, 2000).Select(n => "line-" + n), read.Select(e => e.Id));
    }

    private sealed class SourcesOnly : IRecordSink
    {
        public List<string> Sources { get; } = [];

        public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id) =>
            Sources.Add(Encoding.UTF8.GetString(source));

        public void Reject(InputError error) => throw new InvalidOperationException(error.ToString());
    }
}
