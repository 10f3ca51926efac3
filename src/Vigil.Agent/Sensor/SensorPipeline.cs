using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Vigil.Agent.Sensor.Native;

namespace Vigil.Agent.Sensor;

/// <summary>
/// Turns each kernel record into a Defend-shaped event: applies it to the <see cref="ProcessTable"/> (so the event
/// describes the process image current at that moment), writes it, and hands it to every sink.
/// </summary>
public sealed class SensorPipeline : IRecordHandler
{
    private readonly ProcessTable table;
    private readonly AgentEventWriter writer;
    private readonly IReadOnlyList<IEventSink> sinks;
    private readonly long bootEpochNs;
    private readonly TextWriter log;
    private long lastSweepNs;

    public SensorPipeline(ProcessTable table, AgentEventWriter writer, IReadOnlyList<IEventSink> sinks, long bootEpochNs, TextWriter log)
    {
        this.table = table;
        this.writer = writer;
        this.sinks = sinks;
        this.bootEpochNs = bootEpochNs;
        this.log = log;
    }

    /// <summary>Events written so far.</summary>
    public long Events => writer.Sequence;

    /// <summary>Records the pipeline could not turn into an event (reported on the log).</summary>
    public long Faults { get; private set; }

    public unsafe void Handle(ReadOnlySpan<byte> data)
    {
        if (data.Length < sizeof(SensorRecord))
        {
            Fault(new InvalidDataException($"a ring-buffer record of {data.Length} bytes, shorter than its {sizeof(SensorRecord)}-byte head"));
            return;
        }
        ref readonly var record = ref MemoryMarshal.AsRef<SensorRecord>(data);
        var pid = (int)record.Pid;
        SensorEvent e;
        switch (record.Kind)
        {
            case RecordKind.Fork:
            {
                var child = table.Fork(pid, (int)record.ParentPid, record.StartNs);
                Identity(child, record);
                e = new SensorEvent(SensorAction.Fork, child, (long)record.TimeNs);
                break;
            }
            case RecordKind.Exec:
            {
                var tail = data[sizeof(SensorRecord)..];
                var filenameBytes = tail[..Math.Min(SensorRecord.FilenameLength, tail.Length)];
                var nul = filenameBytes.IndexOf((byte)0);
                var filename = Encoding.UTF8.GetString(nul < 0 ? filenameBytes : filenameBytes[..nul]);
                var argsBytes = tail.Length > SensorRecord.FilenameLength ? tail[SensorRecord.FilenameLength..] : [];
                var args = ArgsParser.Split(argsBytes[..Math.Min((int)record.ArgsLength, argsBytes.Length)]);
                var process = table.Exec(pid, (int)record.ParentPid, record.StartNs, filename, args);
                Identity(process, record);
                e = new SensorEvent(SensorAction.Exec, process, (long)record.TimeNs);
                break;
            }
            case RecordKind.Exit:
            {
                if (table.Exit(pid, record.TimeNs) is not { } process)
                {
                    return;
                }
                e = new SensorEvent(SensorAction.End, process, (long)record.TimeNs, ExitCode: record.ExitCode);
                break;
            }
            case RecordKind.Connect or RecordKind.Accept or RecordKind.Close or RecordKind.UdpSend:
            {
                if (table.Find(pid) is not { } process)
                {
                    return;
                }
                var action = record.Kind switch
                {
                    RecordKind.Accept => SensorAction.ConnectionAccepted,
                    RecordKind.Close => SensorAction.DisconnectReceived,
                    _ => SensorAction.ConnectionAttempted,
                };
                e = new SensorEvent(action, process, (long)record.TimeNs, Socket(record));
                break;
            }
            default:
                Fault(new InvalidDataException($"a ring-buffer record of unknown kind {(uint)record.Kind}"));
                return;
        }
        Emit(e);
        if ((long)record.TimeNs - lastSweepNs > 1_000_000_000)
        {
            lastSweepNs = (long)record.TimeNs;
            table.Sweep(lastSweepNs);
        }
    }

    public void Fault(Exception error)
    {
        Faults++;
        log.WriteLine($"vigil agent: a kernel record was not turned into an event ({error.GetType().Name}: {error.Message})");
    }

    /// <summary>Passes the timer tick on to the sinks.</summary>
    public void Tick()
    {
        foreach (var sink in sinks)
        {
            sink.Tick();
        }
    }

    private void Emit(in SensorEvent e)
    {
        var json = writer.Write(e, bootEpochNs, out var id);
        var index = AgentEventWriter.IndexOf(e.Action);
        foreach (var sink in sinks)
        {
            sink.Accept(json, index, id);
        }
    }

    private static void Identity(TrackedProcess process, in SensorRecord record)
    {
        process.Uid = (int)record.Uid;
        process.Gid = (int)record.Gid;
        process.ProcessGroup = (int)record.ProcessGroup;
        process.Session = (int)record.Session;
        process.Interactive = record.Tty != 0;
    }

    private static unsafe SocketFacts Socket(in SensorRecord record)
    {
        IPAddress local, remote;
        fixed (byte* l = record.LocalAddress, r = record.RemoteAddress)
        {
            local = Address(record.Family, new ReadOnlySpan<byte>(l, 16));
            remote = Address(record.Family, new ReadOnlySpan<byte>(r, 16));
        }
        var ingress = record.Direction == 2;
        var transport = record.Protocol == 17 ? "udp" : "tcp";
        // ECS: source is the side that opened the connection. Sent/received are the local side's.
        return ingress
            ? new SocketFacts(remote, record.RemotePort, local, record.LocalPort, transport, true, (long)record.BytesReceived, (long)record.BytesSent)
            : new SocketFacts(local, record.LocalPort, remote, record.RemotePort, transport, false, (long)record.BytesSent, (long)record.BytesReceived);
    }

    private static IPAddress Address(ushort family, ReadOnlySpan<byte> bytes)
    {
        if (family == 2)
        {
            return new IPAddress(bytes[..4]);
        }
        var v6 = new IPAddress(bytes);
        // A dual-stack socket talking IPv4 holds ::ffff:a.b.c.d; Defend reports the IPv4 address.
        return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
    }
}
