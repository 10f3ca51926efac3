using System.Text.Json;
using Vigil.Server.Store;
using Vigil.Server.Tests.Fakes;
using Vigil.Server.Tests.Scheduling;
using Vigil.Server.Tests.Store;
using Vigil.Simulation;

namespace Vigil.Server.Tests.EndToEnd;

/// <summary>
/// The issue's crash test, on the real `vigil serve` process: a client streams a generated capture; the server is
/// killed with SIGKILL at a random moment and started again on the same folder; the client resends what was not
/// acknowledged, as a shipper retries. Every acknowledged event must be in the store, and the alerts of the
/// clock-advanced schedule must equal, id for id, those of `vigil scan --schedule` over the same events — an
/// uninterrupted run through independent code (the file reader and the streaming schedule).
/// </summary>
public sealed class ServeCrashTests
{
    private static readonly DateTimeOffset ClockStart = new(2026, 11, 27, 7, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_kill_9_mid_stream_loses_no_acknowledged_event_and_neither_loses_nor_doubles_an_alert()
    {
        using var folder = new TempFolder();
        var events = Environment.GetEnvironmentVariable("VIGIL_CRASH_EVENTS") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var capturePath = Path.Combine(folder.Path, "capture.ndjson");
        using (var output = File.Create(capturePath))
        {
            new TelemetryGenerator(new SimulationOptions { Hosts = 20, Events = events, AttackRate = 5_000, Seed = 7 }).Generate(output);
        }
        var capture = BulkCapture.FromLines(File.ReadLines(capturePath), "crash-");
        var bulkPath = Path.Combine(folder.Path, "capture.bulk");
        capture.WriteBulkFile(bulkPath);
        var data = Path.Combine(folder.Path, "data");
        const int Batch = 1_000;
        var batches = (capture.Events.Count + Batch - 1) / Batch;

        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<int>(Enumerable.Range(0, batches));
        // The kill lands after a random share of the batches is acknowledged, while the other sender's request is in
        // flight: a moment chosen by progress, not by a timer, so a fast machine cannot finish before it.
        var killAt = new Random().Next(batches / 10, batches * 7 / 10);
        var answered = 0;
        using (var server = await VigilProcess.StartServeAsync(data, ClockStart))
        using (var client = new ServeClient(server.BaseAddress))
        {
            var failed = new List<int>();
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    int batch;
                    lock (pending)
                    {
                        if (!pending.TryDequeue(out batch))
                        {
                            return;
                        }
                    }
                    var ids = await client.BulkAsync(capture.Body(batch * Batch, Batch));
                    bool kill;
                    lock (pending)
                    {
                        if (ids is null)
                        {
                            failed.Add(batch);
                        }
                        else
                        {
                            acknowledged.UnionWith(ids);
                        }
                        kill = ++answered == killAt;
                    }
                    if (kill)
                    {
                        server.Kill();
                    }
                }
            })));
            foreach (var batch in failed)
            {
                pending.Enqueue(batch);
            }
        }
        Assert.NotEmpty(pending); // the kill did land mid-stream

        // Every event acknowledged before the kill is in the store the crash left.
        using (var store = new SegmentEventStore(Path.Combine(data, "events")))
        {
            var stored = SegmentReadBack.ReadAll(store).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged event(s) missing after the crash, e.g. {string.Join(", ", lost.Take(5))}");
        }

        var end = DateTimeOffset.Parse(JsonDocument.Parse(capture.Events[^1].Source).RootElement.GetProperty("@timestamp").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture).AddMinutes(10);
        List<string> alerts;
        using (var server = await VigilProcess.StartServeAsync(data, ClockStart))
        using (var client = new ServeClient(server.BaseAddress))
        {
            while (pending.TryDequeue(out var batch))
            {
                var ids = await client.BulkAsync(capture.Body(batch * Batch, Batch));
                Assert.NotNull(ids);
                acknowledged.UnionWith(ids);
            }
            Assert.Equal(capture.Events.Count, acknowledged.Count);
            for (var now = ClockStart.AddMinutes(5); now <= end; now = now.AddMinutes(5))
            {
                await client.AdvanceAsync(now);
            }
            alerts = await client.AlertIdsAsync();
            await server.StopAsync();
        }

        // The oracle: the same events as a file, through scan's own schedule with the same execution times.
        var lastRun = ClockStart.AddMinutes(5 * Math.Floor((end - ClockStart).TotalMinutes / 5));
        var (exit, stdout, stderr) = await VigilProcess.RunAsync("scan", "--rules", RepoFiles.PathOf("rules"), "--schedule",
            "--start", ClockStart.ToString("O"), "--end", lastRun.ToString("O"), "--format", "jsonl", bulkPath);
        Assert.True(exit == 0, stderr);
        var expected = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("_id").GetString()!).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, expected.Distinct().Count());
        Assert.Equal(alerts.Count, alerts.Distinct().Count()); // none doubled
        Assert.Equal(expected.Order(StringComparer.Ordinal), alerts.Order(StringComparer.Ordinal)); // none lost
    }
}
