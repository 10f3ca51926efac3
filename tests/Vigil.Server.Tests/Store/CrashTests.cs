using System.Diagnostics;
using System.Globalization;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Store;

/// <summary>
/// A real crash: a child process appends and prints each acknowledgement; it is killed with SIGKILL at a random
/// moment; the reopened store must hold every acknowledged batch, every batch it holds whole, nothing twice.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Every_acknowledged_append_survives_a_kill_9_at_a_random_moment()
    {
        var random = new Random();
        for (var round = 0; round < 3; round++)
        {
            using var folder = new StoreFolder();
            var acknowledged = await RunAndKillAsync(folder.Path, TimeSpan.FromMilliseconds(random.Next(300, 1500)));
            Assert.NotEmpty(acknowledged);

            using var store = new SegmentEventStore(folder.Path);
            var read = SegmentReadBack.ReadAll(store);
            var ids = read.Select(e => e.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count()); // nothing doubled
            var present = ids.ToHashSet();
            foreach (var (first, count) in acknowledged)
            {
                for (var i = 0; i < count; i++)
                {
                    Assert.Contains("id-" + (first + i).ToString(CultureInfo.InvariantCulture), present);
                }
            }
            // Whatever else is there (written, killed before it was acknowledged) is there whole: recovery keeps whole appends.
            var batchesOnDisk = read.Select(e => long.Parse(e.Id.AsSpan(3), CultureInfo.InvariantCulture) / 1000).Distinct().Count();
            Assert.InRange(batchesOnDisk, acknowledged.Count, acknowledged.Count + 4);
            await store.AppendAsync(TestEvents.Batch(-5, 5, TestEvents.Epoch), CancellationToken.None);
        }
    }

    private static async Task<List<(long First, int Count)>> RunAndKillAsync(string folder, TimeSpan after)
    {
        var assembly = typeof(CrashTests).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(CrashHelper.Verb);
        start.ArgumentList.Add(folder);
        using var child = Process.Start(start)!;
        var acknowledged = new List<(long, int)>();
        var stderr = child.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack")
                {
                    lock (acknowledged)
                    {
                        acknowledged.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)));
                    }
                }
            }
        });
        // Wait for the first acknowledgement (process start-up), then let it run a random while and kill it mid-flight.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !child.HasExited)
        {
            lock (acknowledged)
            {
                if (acknowledged.Count > 0)
                {
                    break;
                }
            }
            await Task.Delay(20);
        }
        if (child.HasExited)
        {
            Assert.Fail("the crash helper stopped by itself: " + await stderr);
        }
        await Task.Delay(after);
        child.Kill(); // SIGKILL on Unix: no finalizers, no flush, no seal
        await child.WaitForExitAsync();
        await reading;
        lock (acknowledged)
        {
            return [.. acknowledged];
        }
    }
}
