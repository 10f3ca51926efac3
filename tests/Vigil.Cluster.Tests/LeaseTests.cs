using Xunit.Abstractions;
using System.Diagnostics;
using NATS.Client.JetStream;
using Vigil.Cluster;

namespace Vigil.Cluster.Tests;

public sealed class LeaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Two_workers_split_the_partitions_and_the_survivor_takes_all_within_ttl_plus_margin(int brokers)
    {
        const int partitions = 8;
        await using var nats = await NatsBrokers.StartAsync(brokers, partitions);
        await using var connection = await nats.ConnectAsync();
        var store = await PartitionLeases.OpenBucketAsync(new NatsJSContext(connection), Ttl, replicas: brokers);
        var a = PartitionLeases.Start(store, "a", partitions, Ttl);
        await using var b = PartitionLeases.Start(store, "b", partitions, Ttl);

        await WaitUntil(() => a.Owned.Count == 4 && b.Owned.Count == 4, TimeSpan.FromSeconds(15));
        Assert.Empty(a.Owned.Intersect(b.Owned));

        await a.DisposeAsync(); // stops renewing, like a killed worker
        var clock = Stopwatch.StartNew();
        await WaitUntil(() => b.Owned.Count == partitions, Ttl + TimeSpan.FromSeconds(5));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Ttl + TimeSpan.FromSeconds(5));
        output.WriteLine($"{brokers} broker(s): survivor held all {partitions} partitions {clock.Elapsed.TotalSeconds:F2} s after the other stopped renewing (TTL {Ttl.TotalSeconds} s)");
    }

    [Fact]
    public async Task A_stale_owners_revision_checked_renewal_fails()
    {
        await using var nats = await NatsBrokers.StartAsync(1, partitions: 1);
        await using var connection = await nats.ConnectAsync();
        var store = await PartitionLeases.OpenBucketAsync(new NatsJSContext(connection), Ttl, replicas: 1);
        var stale = PartitionLeases.Start(store, "stale", 1, Ttl);
        await WaitUntil(() => stale.Owned.Count == 1, TimeSpan.FromSeconds(5));
        await stale.DisposeAsync();

        await using var next = PartitionLeases.Start(store, "next", 1, Ttl);
        await WaitUntil(() => next.Owned.Count == 1, Ttl + TimeSpan.FromSeconds(5));

        Assert.False(await stale.RenewAsync(0));
        Assert.Empty(stale.Owned);
        Assert.True(await next.RenewAsync(0));
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"condition not met within {limit}");
            await Task.Delay(50);
        }
    }
}
