using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil scan --follow</c> as a real process: an attack written to a followed file (the writer keeping it open)
/// or to a pipe into <c>vigil scan -</c> is alerted within two seconds; the followed file survives rotation and
/// truncation.
/// </summary>
public sealed class FollowModeTests
{
    private const string SeedRuleId = "afd04601-12fc-4149-9b78-9c3f8fe45d39";

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    private static string Fixtures => Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.fixtures");

    // The fixture's two attack events (cat exec, then its connection), made a distinct attack `n` minutes later.
    private static string Attack(int n)
    {
        var lines = File.ReadAllLines(Path.Combine(Fixtures, "bash_parent_public_ipv4.alert.ndjson")).Skip(1).Where(l => l.Length > 0);
        var text = new StringBuilder();
        var k = 0;
        foreach (var line in lines)
        {
            var node = JsonNode.Parse(line)!.AsObject();
            var at = DateTimeOffset.Parse(node["@timestamp"]!.GetValue<string>()).AddMinutes(n);
            node["@timestamp"] = AlertTime.ToIso(at);
            node["process"]!["entity_id"] = $"follow-entity-{n}";
            node["event"]!["id"] = $"follow-{n}-{k++}";
            text.Append(node.ToJsonString()).Append('\n');
        }
        return text.ToString();
    }

    private static string Quiet() =>
        string.Concat(Directory.GetFiles(Fixtures, "*.quiet.ndjson").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllLines(f).Skip(1)).Where(l => l.Length > 0).Select(l => l + "\n"));

    private sealed class Scan : IDisposable
    {
        private readonly Process process;
        public BlockingCollection<string> Alerts { get; } = [];
        private readonly ManualResetEventSlim ready = new();

        public Scan(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }
            process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    Alerts.Add(line);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("[+]", StringComparison.Ordinal) == true)
                {
                    ready.Set();
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Assert.True(ready.Wait(TimeSpan.FromSeconds(60)), "vigil scan --follow did not start");
        }

        public StreamWriter Input => process.StandardInput;

        /// <summary>Waits for the next alert of the seed rule's shell (the sequence alert) and returns how long it took.</summary>
        public TimeSpan NextShell(string entity, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (Alerts.TryTake(out var line, timeout - watch.Elapsed > TimeSpan.Zero ? timeout - watch.Elapsed : TimeSpan.Zero))
            {
                if (line.Contains(SeedRuleId, StringComparison.Ordinal) && line.Contains(entity, StringComparison.Ordinal) &&
                    !line.Contains("\"kibana.alert.group.index\"", StringComparison.Ordinal))
                {
                    return watch.Elapsed;
                }
            }
            return TimeSpan.MaxValue;
        }

        public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);

        public int ExitCode => process.ExitCode;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
            process.Dispose();
        }
    }

    private static void Append(FileStream writer, string text)
    {
        writer.Write(Encoding.UTF8.GetBytes(text));
        writer.Flush();
    }

    [Fact]
    public void AnAttackWrittenToAFollowedFileIsAlertedWithinTwoSecondsAndRotationAndTruncationAreSurvived()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-follow-");
        try
        {
            var path = Path.Combine(dir.FullName, "events.ndjson");
            using (var writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                Append(writer, Quiet());
                using var scan = new Scan("scan", "--follow", "--rules", Path.Combine(RepoRoot(), "rules"), path);
                // A first attack warms the process up (JIT); the second one is timed. The writer keeps the file open.
                Append(writer, Attack(1));
                Assert.NotEqual(TimeSpan.MaxValue, scan.NextShell("follow-entity-1", TimeSpan.FromSeconds(30)));
                Thread.Sleep(500);
                Append(writer, Quiet() + Attack(2));
                var latency = scan.NextShell("follow-entity-2", TimeSpan.FromSeconds(10));
                Assert.True(latency < TimeSpan.FromSeconds(2), $"alerted after {latency}");

                // Rotation: the file is renamed and a new one written at the same path.
                writer.Dispose();
                File.Move(path, path + ".1");
                using (var rotated = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    Append(rotated, Attack(3));
                    Assert.NotEqual(TimeSpan.MaxValue, scan.NextShell("follow-entity-3", TimeSpan.FromSeconds(10)));
                    // Truncation (copytruncate): the file is emptied and written again from its start.
                    rotated.SetLength(0);
                    rotated.Position = 0;
                    Thread.Sleep(300);
                    Append(rotated, Attack(4));
                    Assert.NotEqual(TimeSpan.MaxValue, scan.NextShell("follow-entity-4", TimeSpan.FromSeconds(10)));
                }
                // Nothing was alerted twice.
                Assert.DoesNotContain(scan.Alerts, l => l.Contains("follow-entity-1", StringComparison.Ordinal) && !l.Contains("kibana.alert.group.index", StringComparison.Ordinal));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void AnAttackPipedIntoScanStdinIsAlertedWithinTwoSecondsWhileThePipeStaysOpen()
    {
        using var scan = new Scan("scan", "--follow", "--rules", Path.Combine(RepoRoot(), "rules"), "-");
        scan.Input.Write(Quiet() + Attack(1));
        scan.Input.Flush();
        Assert.NotEqual(TimeSpan.MaxValue, scan.NextShell("follow-entity-1", TimeSpan.FromSeconds(30)));
        Thread.Sleep(500);
        scan.Input.Write(Attack(2));
        scan.Input.Flush();
        var latency = scan.NextShell("follow-entity-2", TimeSpan.FromSeconds(10));
        Assert.True(latency < TimeSpan.FromSeconds(2), $"alerted after {latency}");
        // The pipe closing ends the scan.
        scan.Input.Close();
        Assert.True(scan.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, scan.ExitCode);
    }
}
