using Xunit.Abstractions;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Vigil.Cluster;

namespace Vigil.Cluster.Tests;

public sealed class StreamTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Stream_is_created_file_backed_with_one_replica_per_broker_and_read_back(int brokers)
    {
        await using var nats = await NatsBrokers.StartAsync(brokers, partitions: 8);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        var kept = await EventStreamSetup.EnsureAsync(js, replicas: brokers, TimeSpan.FromMinutes(2), TimeSpan.FromHours(25));
        Assert.Equal(StreamConfigStorage.File, kept.Storage);
        Assert.Equal(brokers, kept.NumReplicas);
        Assert.Equal(TimeSpan.FromMinutes(2), kept.DuplicateWindow);
        Assert.Equal(TimeSpan.FromHours(25), kept.MaxAge);

        // One awaited publish at a time: the latency floor of an acknowledged write, not a throughput figure.
        var publisher = new EventPublisher(js);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 500; i++)
        {
            Assert.True(await publisher.PublishAsync($"host-{i % 50}", $"id-{i}", "{}"u8.ToArray()));
        }
        output.WriteLine($"{brokers} broker(s), R{brokers}: 500 acked publishes one at a time in {clock.Elapsed.TotalMilliseconds:F0} ms ({500 / clock.Elapsed.TotalSeconds:F0}/s)");
    }

    [Fact]
    public async Task The_event_streams_max_age_is_raised_to_a_workers_need_and_never_lowered()
    {
        await using var nats = await NatsBrokers.StartAsync(1, partitions: 8);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        Assert.Equal(TimeSpan.FromHours(2), (await EventStreamSetup.EnsureAsync(js, 1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(2))).MaxAge);
        // A worker whose rules reach further back raises it; one that needs less keeps the longer age.
        Assert.Equal(TimeSpan.FromHours(30), (await EventStreamSetup.EnsureAsync(js, 1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(30))).MaxAge);
        Assert.Equal(TimeSpan.FromHours(30), (await EventStreamSetup.EnsureAsync(js, 1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(3))).MaxAge);
        Assert.Equal(TimeSpan.FromHours(30), (await js.GetStreamAsync(ClusterSubjects.StreamName)).Info.Config.MaxAge);
    }

    [Fact]
    public void A_max_age_shorter_than_needed_or_unlimited_is_refused()
    {
        var wanted = new StreamConfig("S", ["vigil.p.>"]) { MaxAge = TimeSpan.FromHours(25) };
        var shorter = Assert.Throws<ClusterConfigMismatchException>(() => EventStreamSetup.Verify(wanted, new StreamConfig("S", ["vigil.p.>"]) { MaxAge = TimeSpan.FromHours(1) }));
        Assert.Contains("max age 01:00:00, wanted 1.01:00:00", shorter.Message, StringComparison.Ordinal);
        Assert.Throws<ClusterConfigMismatchException>(() => EventStreamSetup.Verify(wanted, new StreamConfig("S", ["vigil.p.>"])));
        EventStreamSetup.Verify(wanted, new StreamConfig("S", ["vigil.p.>"]) { MaxAge = TimeSpan.FromHours(26) });
    }

    [Fact]
    public void A_config_the_server_changed_is_refused_naming_the_field()
    {
        var wanted = new StreamConfig("S", ["vigil.p.>"]) { NumReplicas = 3, DuplicateWindow = TimeSpan.FromMinutes(2) };
        var kept = new StreamConfig("S", ["vigil.p.>"]) { NumReplicas = 1, DuplicateWindow = TimeSpan.FromMinutes(2) };
        var error = Assert.Throws<ClusterConfigMismatchException>(() => EventStreamSetup.Verify(wanted, kept));
        Assert.Contains("replicas 1, wanted 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_id_inside_the_window_is_dropped_and_one_hosts_events_share_a_partition()
    {
        const int partitions = 8;
        await using var nats = await NatsBrokers.StartAsync(1, partitions);
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        await EventStreamSetup.EnsureAsync(js, replicas: 1, TimeSpan.FromMinutes(2), TimeSpan.FromHours(25));
        var publisher = new EventPublisher(js);

        Assert.True(await publisher.PublishAsync("web-1.example.com", "doc-1", "{}"u8.ToArray()));
        Assert.False(await publisher.PublishAsync("web-1.example.com", "doc-1", "{}"u8.ToArray()));
        for (var i = 0; i < 40; i++)
        {
            await publisher.PublishAsync($"host-{i % 10}", $"e-{i}", "{}"u8.ToArray());
        }

        var stream = await js.GetStreamAsync(ClusterSubjects.StreamName);
        Assert.Equal(41L, (long)stream.Info.State.Messages);
        var partitionOfHost = new Dictionary<string, string>();
        var used = new HashSet<string>();
        for (ulong seq = 1; seq <= 41; seq++)
        {
            var msg = await stream.GetAsync(new StreamMsgGetRequest { Seq = seq });
            var tokens = msg.Message.Subject.Split('.');
            Assert.Equal("p", tokens[1]);
            Assert.InRange(int.Parse(tokens[2], System.Globalization.CultureInfo.InvariantCulture), 0, partitions - 1);
            var host = string.Join('.', tokens[3..]);
            Assert.Equal(partitionOfHost.GetValueOrDefault(host, tokens[2]), tokens[2]);
            partitionOfHost[host] = tokens[2];
            used.Add(tokens[2]);
        }
        Assert.Equal(11, partitionOfHost.Count);
        Assert.Contains("web-1%2Eexample%2Ecom", partitionOfHost.Keys);
        Assert.True(used.Count > 1, "eleven hosts all hashed into one partition: is the mapping applied?");
    }
}
