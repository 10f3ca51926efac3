using System.Diagnostics;
using NATS.Client.JetStream;
using Vigil.Cluster.Tests;
using Vigil.Server.Tests.EndToEnd;
using Vigil.Server.Tests.Scheduling;
using static Vigil.Server.Tests.Cluster.ClusterServeTests;

namespace Vigil.Server.Tests.Cluster;

/// <summary>
/// Rules not keyed on the host in a cluster: a sequence by user.name whose two events land on hosts in partitions of
/// different workers, a threshold by source.ip over ten hosts, beside a sequence by host.id. Two `vigil serve --nats`
/// workers and a single-process `vigil serve` get the same events and clock steps; the workers' alerts must equal the
/// single process's, id for id, also after the worker holding the global lease is SIGKILLed before the execution
/// that covers the second round (the survivor takes the lease, replays every partition, re-runs recent executions).
/// </summary>
[Collection(ClusterScenarios.Name)]
public sealed class CrossHostClusterTests
{
    private static readonly DateTimeOffset ClockStart = new(2026, 11, 27, 7, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cross_host_sequence_and_threshold_equal_a_single_process_also_after_the_global_worker_is_killed()
    {
        var total = Stopwatch.StartNew();
        using var folder = new TempFolder();
        var rules = folder.Sub("rules");
        CrossHostEvents.WriteRules(rules);
        var first = CrossHostEvents.Capture(CrossHostEvents.Round(ClockStart.AddMinutes(1), 0), "x0-");
        var second = CrossHostEvents.Capture(CrossHostEvents.Round(ClockStart.AddMinutes(8), 1), "x1-");

        await using var nats = await NatsBrokers.StartAsync(1, Partitions);
        var starting = Enumerable.Range(0, 2).Select(i => VigilProcess.StartServeAsync(folder.Sub($"w{i}"), ClockStart, "--rules", rules,
            "--nats", nats.Urls, "--partitions", $"{Partitions}", "--worker-id", $"w{i}", "--lease-ttl", "3s")).ToList();
        starting.Add(VigilProcess.StartServeAsync(folder.Sub("single"), ClockStart, "--rules", rules));
        var processes = (await Task.WhenAll(starting)).ToList();
        var workers = processes.Take(2).ToList();
        var clients = processes.Select(p => new ServeClient(p.BaseAddress)).ToList();
        var single = clients[2];
        var cluster = clients.Take(2).ToList();
        try
        {
            await SettledAsync(cluster, TimeSpan.FromSeconds(40));
            Assert.Equal(first.Events.Count, await SendAsync(cluster[0], first, 0, first.Events.Count));
            Assert.Equal(first.Events.Count, await SendAsync(single, first, 0, first.Events.Count));
            await SettledAsync(cluster, TimeSpan.FromSeconds(30));
            foreach (var client in clients)
            {
                await client.AdvanceAsync(ClockStart.AddMinutes(6));
            }
            await SettledAsync(cluster, TimeSpan.FromSeconds(30));

            // The sequence's two hosts must be owned by different workers for some user (else the test proves nothing).
            var global = await IsGlobalAsync(cluster[0]) ? 0 : 1;
            var survivor = 1 - global;
            var leases = await LeasesAsync(cluster);
            var partitionOf = await PartitionMapAsync(nats);
            var crossing = Enumerable.Range(0, CrossHostEvents.Users).Count(k =>
                leases[0].Contains(partitionOf[CrossHostEvents.HostOf(2 * k)]) != leases[0].Contains(partitionOf[CrossHostEvents.HostOf(2 * k + 5)]));
            Assert.True(crossing > 0, "some user's two events should be in partitions of different workers");
            var expectedFirst = (await single.AlertIdsAsync()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expectedFirst, (await cluster[survivor].AlertIdsAsync()).Order(StringComparer.Ordinal));

            // Second round; the survivor runs its 08:05 execution while the global worker never does, then it is killed.
            Assert.Equal(second.Events.Count, await SendAsync(cluster[survivor], second, 0, second.Events.Count));
            Assert.Equal(second.Events.Count, await SendAsync(single, second, 0, second.Events.Count));
            await SettledAsync(cluster, TimeSpan.FromSeconds(30));
            await cluster[survivor].AdvanceAsync(ClockStart.AddMinutes(11));
            await single.AdvanceAsync(ClockStart.AddMinutes(11));
            workers[global].Kill();
            var killed = Stopwatch.StartNew();
            var alive = new[] { cluster[survivor] };
            await SettledAsync(alive, TimeSpan.FromSeconds(40));
            var takeover = killed.Elapsed;
            foreach (var minutes in new[] { 16, 21 })
            {
                await cluster[survivor].AdvanceAsync(ClockStart.AddMinutes(minutes));
                await single.AdvanceAsync(ClockStart.AddMinutes(minutes));
            }
            await SettledAsync(alive, TimeSpan.FromSeconds(30));

            var expected = (await single.AlertIdsAsync()).Order(StringComparer.Ordinal).ToList();
            foreach (var ruleId in new[] { CrossHostEvents.SequenceByUserRuleId, CrossHostEvents.ThresholdBySourceRuleId, CrossHostEvents.SequenceByHostRuleId })
            {
                var byRule = await single.AlertIdsAsync("{\"term\":{\"kibana.alert.rule.rule_id\":\"" + ruleId + "\"}}");
                Assert.True(byRule.Count > expectedFirst.Count(byRule.Contains), $"rule {ruleId} should raise alerts in both rounds");
            }
            Assert.Equal(expected, (await cluster[survivor].AlertIdsAsync()).Order(StringComparer.Ordinal));
            var rerunCreated = workers[survivor].Log.Select(RerunCreated).Sum();
            Assert.True(rerunCreated > 0, "the second round's cross-host alerts should come from the survivor's takeover re-run:\n" + string.Join('\n', workers[survivor].Log.TakeLast(15)));
            await using (var connection = await nats.ConnectAsync())
            {
                var js = new NatsJSContext(connection);
                Assert.Equal(expected.Count, (long)(await js.GetStreamAsync(Vigil.Cluster.AlertStream.StreamName)).Info.State.Messages);
            }
            Console.WriteLine($"cross-host scenario: {expected.Count} alerts, {crossing} of {CrossHostEvents.Users} first-round users across workers, global worker killed, survivor settled after {takeover.TotalSeconds:0.0} s, total {total.Elapsed.TotalSeconds:0.0} s");
            Assert.True(total.Elapsed < TimeSpan.FromSeconds(90), $"the scenario took {total.Elapsed}");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private static async Task<bool> IsGlobalAsync(ServeClient client) =>
        (await StatusAsync(client)).GetProperty("global").GetProperty("active").GetBoolean();

    /// <summary>Host → partition, from the stored subjects (vigil.p.&lt;n&gt;.&lt;host&gt;) of the event stream.</summary>
    private static async Task<Dictionary<string, int>> PartitionMapAsync(NatsBrokers nats)
    {
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        var stream = await js.GetStreamAsync(Vigil.Cluster.ClusterSubjects.StreamName);
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (ulong seq = 1; seq <= stream.Info.State.LastSeq; seq++)
        {
            var subject = (await stream.GetAsync(new NATS.Client.JetStream.Models.StreamMsgGetRequest { Seq = seq })).Message.Subject.Split('.', 4);
            map[subject[3]] = int.Parse(subject[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        return map;
    }
}
