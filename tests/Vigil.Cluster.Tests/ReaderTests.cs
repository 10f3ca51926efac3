using NATS.Client.JetStream;
using Vigil.Cluster;

namespace Vigil.Cluster.Tests;

public sealed class ReaderTests
{
    [Fact]
    public async Task A_new_owner_resumes_after_the_last_acked_event_with_nothing_lost_or_doubled()
    {
        const int partitions = 4, events = 30;
        await using var nats = await NatsBrokers.StartAsync(1, partitions);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        await EventStreamSetup.EnsureAsync(js, replicas: 1, TimeSpan.FromMinutes(2));
        var publisher = new EventPublisher(js);
        for (var i = 0; i < events; i++)
        {
            await publisher.PublishAsync("h1", $"e-{i}", System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"));
        }
        var stream = await js.GetStreamAsync(ClusterSubjects.StreamName);
        var subject = (await stream.GetAsync(new NATS.Client.JetStream.Models.StreamMsgGetRequest { Seq = 1 })).Message.Subject;
        var partition = int.Parse(subject.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture);

        var seen = new List<(ulong Seq, string Body)>();
        using (var stopFirst = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            var first = await PartitionReader.OpenAsync(js, partition, replicas: 1);
            await first.RunAsync((seq, _, body) =>
            {
                seen.Add((seq, System.Text.Encoding.UTF8.GetString(body.Span)));
                if (seen.Count == 10)
                {
                    stopFirst.Cancel();
                }
                return Task.CompletedTask;
            }, stopFirst.Token);
        }
        Assert.Equal(10, seen.Count);

        using (var stopSecond = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            var second = await PartitionReader.OpenAsync(js, partition, replicas: 1);
            await second.RunAsync((seq, _, body) =>
            {
                seen.Add((seq, System.Text.Encoding.UTF8.GetString(body.Span)));
                if (seen.Count == events)
                {
                    stopSecond.Cancel();
                }
                return Task.CompletedTask;
            }, stopSecond.Token);
        }

        Assert.Equal(Enumerable.Range(1, events).Select(i => (ulong)i), seen.Select(s => s.Seq));
        Assert.Equal(Enumerable.Range(0, events).Select(i => $"{{\"n\":{i}}}"), seen.Select(s => s.Body));
    }

    [Fact]
    public async Task Other_partitions_events_are_not_delivered()
    {
        await using var nats = await NatsBrokers.StartAsync(1, partitions: 4);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        await EventStreamSetup.EnsureAsync(js, replicas: 1, TimeSpan.FromMinutes(2));
        var publisher = new EventPublisher(js);
        for (var i = 0; i < 40; i++)
        {
            await publisher.PublishAsync($"host-{i % 8}", $"e-{i}", "{}"u8.ToArray());
        }
        var subjects = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var reader = await PartitionReader.OpenAsync(js, 2, replicas: 1);
        await reader.RunAsync((_, subject, _) => { subjects.Add(subject); return Task.CompletedTask; }, stop.Token);
        Assert.All(subjects, s => Assert.StartsWith("vigil.p.2.", s, StringComparison.Ordinal));
    }
}
