using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NATS.Client.JetStream;
using Vigil.Cluster.Tests;
using Vigil.Server.Tests.EndToEnd;
using Vigil.Server.Tests.Fakes;
using Vigil.Server.Tests.Scheduling;
using Vigil.Simulation;

namespace Vigil.Server.Tests.Cluster;

/// <summary>
/// Issue 18 on real processes: a nats-server broker and three `vigil serve --nats` workers on a manual clock. A
/// generated capture of 150 hosts goes to one worker's `_bulk`; a third worker is SIGKILLed while the second half is
/// being sent, having never run the execution that covers the first half of its partitions. Every partition must
/// have a live owner again within TTL + 5 s, and the survivors' alerts must equal, id for id, those of `vigil scan
/// --schedule` over the same events (the oracle `vigil serve` single-process is checked against in ServeEndToEndTests).
/// </summary>
[Collection(ClusterScenarios.Name)]
public sealed class ClusterServeTests
{
    internal const int Partitions = 16;
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);
    private static readonly DateTimeOffset ClockStart = new(2026, 11, 27, 7, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task Three_workers_raise_the_single_process_alerts_and_a_killed_workers_partitions_are_taken_over_with_none_lost_or_doubled()
    {
        var total = Stopwatch.StartNew();
        using var folder = new TempFolder();
        var capture = Capture();
        var half = capture.Events.Count / 2;

        // The oracle first: the same events through scan's schedule, same execution times (07:59 … 08:19).
        var bulkPath = folder.Sub("all.bulk");
        capture.WriteBulkFile(bulkPath);
        var oracle = VigilProcess.RunAsync("scan", "--rules", RepoFiles.PathOf("rules"), "--schedule",
            "--start", ClockStart.ToString("O"), "--end", ClockStart.AddMinutes(20).ToString("O"), "--format", "jsonl", bulkPath);

        await using var nats = await NatsBrokers.StartAsync(1, Partitions);
        var args = (string name) => new[] { "--nats", nats.Urls, "--partitions", $"{Partitions}", "--worker-id", name, "--lease-ttl", "3s" };
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => VigilProcess.StartServeAsync(folder.Sub($"w{i}"), ClockStart, args($"w{i}"))));
        var workers = started.ToList();
        var clients = workers.Select(w => new ServeClient(w.BaseAddress)).ToList();
        try
        {
            var (exit, scanOut, scanErr) = await oracle;
            Assert.True(exit == 0, scanErr);
            var oracleAlerts = scanOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
            var expected = oracleAlerts.Select(a => a.GetProperty("_id").GetString()!).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count >= 9, $"the capture should raise alerts in both halves (got {expected.Count})");
            var firstHalfHosts = oracleAlerts.Select(a => a.GetProperty("_source"))
                .Where(a => a.TryGetProperty("host", out var h) && h.TryGetProperty("id", out _)
                    && a.TryGetProperty("kibana.alert.original_time", out var t)
                    && DateTimeOffset.Parse(t.GetString()!, System.Globalization.CultureInfo.InvariantCulture) < ClockStart.AddMinutes(11))
                .Select(a => a.GetProperty("host").GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(firstHalfHosts);

            await SettledAsync(clients, TimeSpan.FromSeconds(30));
            // Every partition has one owner as soon as the first worker is up; the fair share comes a few lease rounds
            // later (a worker that counted fewer live workers claimed more and gives the surplus back at its next
            // round), so wait for the balance, then check it.
            await WaitUntilAsync(async () => (await LeasesAsync(clients)).All(l => l.Count is >= 1 and <= (Partitions + 2) / 3), TimeSpan.FromSeconds(30), clients);
            await SettledAsync(clients, TimeSpan.FromSeconds(30));
            var firstLeases = await LeasesAsync(clients);
            Assert.All(firstLeases, l => Assert.InRange(l.Count, 1, (Partitions + 2) / 3));

            Assert.Equal(half, await SendAsync(clients[0], capture, 0, half));
            await SettledAsync(clients, TimeSpan.FromSeconds(30));

            // The victim: the worker whose partitions hold the most hosts with first-half alerts (the brokers' mapping
            // says which partition a host is in). The others run their 08:04 execution; the victim never does, so its
            // partitions' first-half alerts can only come from the survivors' takeover re-run.
            var alertPartitions = await PartitionsOfAsync(nats, firstHalfHosts);
            var leases = await LeasesAsync(clients);
            var victim = Enumerable.Range(0, 3).MaxBy(i => leases[i].Count(alertPartitions.Contains));
            Assert.True(leases[victim].Any(alertPartitions.Contains), "some worker should own a partition with first-half alerts");
            var survivors = Enumerable.Range(0, 3).Where(i => i != victim).Select(i => clients[i]).ToList();
            var survivorProcesses = Enumerable.Range(0, 3).Where(i => i != victim).Select(i => workers[i]).ToList();
            foreach (var client in survivors)
            {
                await client.AdvanceAsync(ClockStart.AddMinutes(5));
            }

            var firstChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sending = Task.Run(() => SendAsync(survivors[0], capture, half, capture.Events.Count - half, firstChunk));
            await firstChunk.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(sending.IsCompleted, "the kill should land while the second half is being sent");
            workers[victim].Kill();
            var killed = Stopwatch.StartNew();
            await WaitUntilAsync(async () => (await LeasesAsync(survivors)).SelectMany(l => l).Distinct().Count() == Partitions, LeaseTtl + TimeSpan.FromSeconds(5));
            var takeover = killed.Elapsed;
            var after = await LeasesAsync(survivors);
            Assert.Equal(Partitions, after.Sum(l => l.Count));

            Assert.Equal(capture.Events.Count - half, await sending);
            await SettledAsync(survivors, TimeSpan.FromSeconds(40));
            foreach (var minutes in new[] { 10, 15, 20 })
            {
                foreach (var client in survivors)
                {
                    await client.AdvanceAsync(ClockStart.AddMinutes(minutes));
                }
            }
            await SettledAsync(survivors, TimeSpan.FromSeconds(30));
            var alerts0 = await survivors[0].AlertIdsAsync();
            var alerts1 = await survivors[1].AlertIdsAsync();
            Assert.Equal(expected, alerts0.Order(StringComparer.Ordinal));
            Assert.Equal(expected, alerts1.Order(StringComparer.Ordinal));

            // The dead worker's first-half alerts came from the survivors' takeover re-run.
            var rerunCreated = survivorProcesses.SelectMany(w => w.Log).Select(RerunCreated).Sum();
            Assert.True(rerunCreated > 0, "a takeover re-run should have raised the alerts the killed worker never did:\n" + string.Join('\n', survivorProcesses.SelectMany(w => w.Log.TakeLast(12))));

            // Nothing doubled on the brokers either: one stored message per event and per alert id.
            await using var connection = await nats.ConnectAsync();
            var js = new NatsJSContext(connection);
            Assert.Equal(capture.Events.Count, (long)(await js.GetStreamAsync(Vigil.Cluster.ClusterSubjects.StreamName)).Info.State.Messages);
            Assert.Equal(expected.Count, (long)(await js.GetStreamAsync(Vigil.Cluster.AlertStream.StreamName)).Info.State.Messages);

            // A status change on one worker reaches the other's store through the alert stream.
            var closed = expected[expected.Count / 2];
            using (var status = await survivors[0].PostAsync("/api/detection_engine/signals/status", $$"""{"signal_ids":["{{closed}}"],"status":"closed"}"""))
            {
                Assert.True(status.IsSuccessStatusCode, await status.Content.ReadAsStringAsync());
            }
            await WaitUntilAsync(async () => (await survivors[1].AlertIdsAsync("""{"term":{"kibana.alert.workflow_status":"closed"}}""")).SequenceEqual([closed]), TimeSpan.FromSeconds(10));
            Assert.Equal(expected.Count - 1, (await survivors[1].AlertIdsAsync("""{"term":{"kibana.alert.workflow_status":"open"}}""")).Count);

            Console.WriteLine($"cluster scenario: {capture.Events.Count} events, {expected.Count} alerts, takeover {takeover.TotalSeconds:0.00} s, total {total.Elapsed.TotalSeconds:0.0} s");
            Assert.True(total.Elapsed < TimeSpan.FromSeconds(90), $"the scenario took {total.Elapsed}");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Fact]
    public async Task Killing_the_event_stream_leader_broker_mid_stream_loses_and_doubles_nothing()
    {
        var total = Stopwatch.StartNew();
        using var folder = new TempFolder();
        using var output = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 100, Events = 3_000, AttackRate = 150, Seed = 19 }).Generate(output);
        var capture = BulkCapture.FromLines(Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries), "l-");
        var bulkPath = folder.Sub("all.bulk");
        capture.WriteBulkFile(bulkPath);
        var oracle = VigilProcess.RunAsync("scan", "--rules", RepoFiles.PathOf("rules"), "--schedule",
            "--start", ClockStart.ToString("O"), "--end", ClockStart.AddMinutes(10).ToString("O"), "--format", "jsonl", bulkPath);

        await using var nats = await NatsBrokers.StartAsync(3, Partitions);
        var started = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => VigilProcess.StartServeAsync(folder.Sub($"w{i}"), ClockStart,
            "--nats", nats.Urls, "--partitions", $"{Partitions}", "--worker-id", $"w{i}", "--lease-ttl", "3s")));
        var clients = started.Select(w => new ServeClient(w.BaseAddress)).ToList();
        try
        {
            await SettledAsync(clients, TimeSpan.FromSeconds(40));
            var third = capture.Events.Count / 3;
            Assert.Equal(third, await SendAsync(clients[0], capture, 0, third));

            string leader;
            await using (var connection = await nats.ConnectAsync())
            {
                var info = (await new NatsJSContext(connection).GetStreamAsync(Vigil.Cluster.ClusterSubjects.StreamName)).Info;
                Assert.Equal(3, info.Config.NumReplicas);
                leader = info.Cluster!.Leader!;
            }
            var firstChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sending = Task.Run(() => SendAsync(clients[0], capture, third, capture.Events.Count - third, firstChunk, retries: 30));
            await firstChunk.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var killed = Stopwatch.StartNew();
            var killedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            var broker = nats.Processes[int.Parse(leader[1..], System.Globalization.CultureInfo.InvariantCulture)];
            broker.Kill();
            await broker.WaitForExitAsync();

            Assert.Equal(capture.Events.Count - third, await sending);
            await SettledAsync(clients, TimeSpan.FromSeconds(40));
            var recovered = killed.Elapsed;
            foreach (var minutes in new[] { 5, 10 })
            {
                foreach (var client in clients)
                {
                    await client.AdvanceAsync(ClockStart.AddMinutes(minutes));
                }
            }
            await SettledAsync(clients, TimeSpan.FromSeconds(30));

            var (exit, scanOut, scanErr) = await oracle;
            Assert.True(exit == 0, scanErr);
            var expected = scanOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("_id").GetString()!).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count >= 6, $"the capture should raise alerts (got {expected.Count})");
            foreach (var client in clients)
            {
                Assert.Equal(expected, (await client.AlertIdsAsync()).Order(StringComparer.Ordinal));
            }
            await using (var connection = await nats.ConnectAsync())
            {
                var js = new NatsJSContext(connection);
                // Retried requests were deduplicated by Nats-Msg-Id: one message per event.
                Assert.Equal(capture.Events.Count, (long)(await js.GetStreamAsync(Vigil.Cluster.ClusterSubjects.StreamName)).Info.State.Messages);
                Assert.Equal(expected.Count, (long)(await js.GetStreamAsync(Vigil.Cluster.AlertStream.StreamName)).Info.State.Messages);
            }
            Console.WriteLine($"leader kill: {capture.Events.Count} events, {expected.Count} alerts, leader {leader} killed, settled again after {recovered.TotalSeconds:0.0} s, total {total.Elapsed.TotalSeconds:0.0} s");
            // Where the fail-over time goes: the workers' cluster log lines after the kill (timestamped), for docs/cluster.md.
            for (var i = 0; i < started.Length; i++)
            {
                foreach (var line in started[i].Log.Where(l => l.Contains("cluster:", StringComparison.Ordinal) && string.CompareOrdinal(l, killedAt) >= 0).Take(40))
                {
                    Console.WriteLine($"  w{i} {line}");
                }
            }
            Assert.True(total.Elapsed < TimeSpan.FromSeconds(90), $"the scenario took {total.Elapsed}");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
            foreach (var worker in started)
            {
                worker.Dispose();
            }
        }
    }

    /// <summary>
    /// 150 hosts' generated telemetry (its events span seconds): the second half moved ten minutes later, so the first
    /// half's executions run before it arrives, as they would on a live stream.
    /// </summary>
    private static BulkCapture Capture()
    {
        using var output = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 150, Events = 6_000, AttackRate = 150, Seed = 18 }).Generate(output);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Contains("\"2026-11-27T08:00:", l, StringComparison.Ordinal));
        var half = lines.Length / 2;
        return BulkCapture.FromLines(lines.Take(half).Concat(lines.Skip(half).Select(l => l.Replace("\"2026-11-27T08:00:", "\"2026-11-27T08:10:", StringComparison.Ordinal))), "c-");
    }

    /// <summary>The partitions the brokers put these hosts' events in, read from the stored subjects (vigil.p.&lt;n&gt;.&lt;host&gt;).</summary>
    private static async Task<HashSet<int>> PartitionsOfAsync(NatsBrokers nats, IReadOnlySet<string> hosts)
    {
        await using var connection = await nats.ConnectAsync();
        var js = new NatsJSContext(connection);
        var stream = await js.GetStreamAsync(Vigil.Cluster.ClusterSubjects.StreamName);
        var tokens = hosts.ToDictionary(Vigil.Cluster.ClusterSubjects.EscapeToken, h => h, StringComparer.Ordinal);
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        for (ulong seq = 1; seq <= stream.Info.State.LastSeq && found.Count < tokens.Count; seq++)
        {
            var subject = (await stream.GetAsync(new NATS.Client.JetStream.Models.StreamMsgGetRequest { Seq = seq })).Message.Subject.Split('.', 4);
            if (tokens.ContainsKey(subject[3]))
            {
                found[subject[3]] = int.Parse(subject[2], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        Assert.Equal(tokens.Count, found.Count);
        return [.. found.Values];
    }

    /// <summary>Sends in 500-event requests; a failed request (503 while brokers fail over) is sent again, as a shipper would.</summary>
    internal static async Task<int> SendAsync(ServeClient client, BulkCapture capture, int first, int count, TaskCompletionSource? firstChunk = null, int retries = 0)
    {
        var acknowledged = 0;
        for (var i = first; i < first + count; i += 500)
        {
            var body = capture.Body(i, Math.Min(500, first + count - i));
            var ids = await client.BulkAsync(body);
            for (var attempt = 0; ids is null && attempt < retries; attempt++)
            {
                await Task.Delay(500);
                ids = await client.BulkAsync(body);
            }
            acknowledged += (ids ?? throw new InvalidOperationException($"bulk at {i} failed")).Count;
            firstChunk?.TrySetResult();
        }
        return acknowledged;
    }

    internal static async Task<JsonElement> StatusAsync(ServeClient client)
    {
        using var doc = await client.GetJsonAsync("/_vigil/cluster");
        return doc.RootElement.Clone();
    }

    internal static async Task<List<List<int>>> LeasesAsync(IEnumerable<ServeClient> clients)
    {
        var all = new List<List<int>>();
        foreach (var client in clients)
        {
            all.Add([.. (await StatusAsync(client)).GetProperty("leased").EnumerateArray().Select(p => p.GetInt32())]);
        }
        return all;
    }

    /// <summary>Every partition leased once among <paramref name="clients"/>, every reader caught up, nothing waiting, schedulers idle.</summary>
    internal static Task SettledAsync(IReadOnlyList<ServeClient> clients, TimeSpan limit) => WaitUntilAsync(async () =>
    {
        var leased = new List<int>();
        var global = 0;
        foreach (var client in clients)
        {
            var s = await StatusAsync(client);
            var readers = s.GetProperty("readers").EnumerateArray().ToList();
            if (!s.TryGetProperty("event_backlog", out var backlog) || backlog.GetInt64() != 0 || !s.TryGetProperty("alert_backlog", out var alerts) || alerts.GetInt64() != 0
                || !s.GetProperty("scheduler_idle").GetBoolean() || readers.Any(r => !r.GetProperty("caught_up").GetBoolean()) || readers.Count != s.GetProperty("leased").GetArrayLength())
            {
                return false;
            }
            leased.AddRange(s.GetProperty("leased").EnumerateArray().Select(p => p.GetInt32()));
            global += s.GetProperty("global").GetProperty("active").GetBoolean() ? 1 : 0;
        }
        // One worker holds the global lease and has read every partition (the rules not keyed on the host run there).
        return leased.Count == Partitions && leased.Distinct().Count() == Partitions && global == 1;
    }, limit, clients);

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, IReadOnlyList<ServeClient>? report = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                var statuses = new List<string>();
                foreach (var client in report ?? [])
                {
                    statuses.Add((await StatusAsync(client)).GetRawText());
                }
                throw new TimeoutException($"not reached within {limit.TotalSeconds} s\n{string.Join('\n', statuses)}");
            }
            await Task.Delay(100);
        }
    }

    internal static long RerunCreated(string line)
    {
        var m = System.Text.RegularExpressions.Regex.Match(line, @"partition takeover: \d+ recent execution\(s\) re-run, (\d+) alert\(s\) created");
        return m.Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
