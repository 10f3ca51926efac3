using NATS.Client.JetStream;
using Vigil.Cluster;

namespace Vigil.Cluster.Tests;

public sealed class ReaderTests
{
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_reader_of_the_same_worker_resumes_after_the_last_acked_batch_and_a_failed_batch_comes_back()
    {
        const int partitions = 4;
        await using var nats = await NatsBrokers.StartAsync(1, partitions);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        await EventStreamSetup.EnsureAsync(js, replicas: 1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(25));
        var publisher = new EventPublisher(js);
        async Task PublishAsync(int from, int to)
        {
            var batch = Enumerable.Range(from, to - from)
                .Select(i => new OutgoingEvent("h1", $"e-{i}", System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), null)).ToList();
            await publisher.PublishAllAsync(batch);
        }
        await PublishAsync(0, 10);
        var stream = await js.GetStreamAsync(ClusterSubjects.StreamName);
        var subject = (await stream.GetAsync(new NATS.Client.JetStream.Models.StreamMsgGetRequest { Seq = 1 })).Message.Subject;
        var partition = int.Parse(subject.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture);

        var seen = new List<(ulong Seq, string Body)>();
        async Task ReadAsync(int until, bool failFirst)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var reader = await PartitionReader.OpenAsync(js, partition, "w1", replicas: 1, AckWait);
            var failed = !failFirst;
            try
            {
                await reader.RunAsync(batch =>
                {
                    if (!failed)
                    {
                        failed = true;
                        throw new InvalidOperationException("the store refused the batch");
                    }
                    seen.AddRange(batch.Select(m => (m.Sequence, System.Text.Encoding.UTF8.GetString(m.Body.Span))));
                    if (seen.Count >= until)
                    {
                        stop.Cancel();
                    }
                    return Task.CompletedTask;
                }, stop.Token);
            }
            catch (InvalidOperationException)
            {
                // The handler's failure ends this reader, unacked; the next one gets the batch again.
            }
        }

        await ReadAsync(10, failFirst: true);
        Assert.Empty(seen);
        await ReadAsync(10, failFirst: false);
        Assert.Equal(10, seen.Count);
        await PublishAsync(10, 30);
        await ReadAsync(30, failFirst: false);

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (ulong)i), seen.Select(s => s.Seq));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{{\"n\":{i}}}"), seen.Select(s => s.Body));
    }

    [Fact]
    public async Task Other_partitions_events_are_not_delivered()
    {
        await using var nats = await NatsBrokers.StartAsync(1, partitions: 4);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        await EventStreamSetup.EnsureAsync(js, replicas: 1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(25));
        var publisher = new EventPublisher(js);
        for (var i = 0; i < 40; i++)
        {
            await publisher.PublishAsync($"host-{i % 8}", $"e-{i}", "{}"u8.ToArray());
        }
        var subjects = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var reader = await PartitionReader.OpenAsync(js, 2, "w1", replicas: 1, AckWait);
        await reader.RunAsync(batch => { subjects.AddRange(batch.Select(m => m.Subject)); return Task.CompletedTask; }, stop.Token);
        Assert.All(subjects, s => Assert.StartsWith("vigil.p.2.", s, StringComparison.Ordinal));
    }
}
