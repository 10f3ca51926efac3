using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Vigil.Simulation;

namespace Vigil.Agent.Sensor;

/// <summary>
/// Writes one <see cref="SensorEvent"/> as the ECS document Elastic Defend writes on Linux (the same field set as
/// <c>vigil generate</c>'s DefendEventWriter; both pass <see cref="DefendShapeChecker"/>), into a reused buffer.
/// The host and agent blocks are serialised once.
/// </summary>
public sealed class AgentEventWriter
{
    private const string EcsVersion = "8.11.0";
    private const int AncestryDepth = 20;

    private readonly HostIdentity host;
    private readonly ProcessTable table;
    private readonly UserDirectory users;
    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter json;
    private readonly byte[] hostJson;
    private readonly byte[] agentJson;
    private readonly byte[] hostIdBytes;
    private long sequence;

    public AgentEventWriter(HostIdentity host, ProcessTable table, UserDirectory users)
    {
        this.host = host;
        this.table = table;
        this.users = users;
        hostIdBytes = Encoding.UTF8.GetBytes(host.Id);
        json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        hostJson = Fragment(WriteHost);
        agentJson = Fragment(w =>
        {
            w.WriteStartObject();
            w.WriteString("id"u8, host.AgentId);
            w.WriteString("type"u8, AgentLayer.AgentType);
            w.WriteString("version"u8, host.AgentVersion);
            w.WriteEndObject();
        });
    }

    /// <summary>Events written so far (the last <c>event.sequence</c>).</summary>
    public long Sequence => sequence;

    /// <summary>The index Defend's documents of this action land in (its data stream).</summary>
    public static string IndexOf(SensorAction action) => action is SensorAction.Fork or SensorAction.Exec or SensorAction.End
        ? "logs-endpoint.events.process-default"
        : "logs-endpoint.events.network-default";

    /// <summary>Writes <paramref name="e"/>; the JSON (valid until the next call) and its event id come back.</summary>
    public ReadOnlySpan<byte> Write(in SensorEvent e, long bootEpochNs, out string eventId)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        var micros = (bootEpochNs + e.TimeNs) / 1000;
        Span<byte> timestamp = stackalloc byte[IsoTimestamp.Length];
        IsoTimestamp.Format(micros, timestamp);
        eventId = EventId(e);
        var network = e.Socket is not null;
        var dataset = network ? "endpoint.events.network" : "endpoint.events.process";

        json.WriteStartObject();
        json.WriteString("@timestamp"u8, timestamp);
        json.WritePropertyName("agent"u8);
        json.WriteRawValue(agentJson, skipInputValidation: true);
        json.WriteStartObject("data_stream"u8);
        json.WriteString("dataset"u8, dataset);
        json.WriteString("namespace"u8, "default"u8);
        json.WriteString("type"u8, "logs"u8);
        json.WriteEndObject();
        json.WriteStartObject("ecs"u8);
        json.WriteString("version"u8, EcsVersion);
        json.WriteEndObject();
        json.WriteStartObject("elastic"u8);
        json.WriteStartObject("agent"u8);
        json.WriteString("id"u8, host.AgentId);
        json.WriteEndObject();
        json.WriteEndObject();
        WriteEventBlock(e, eventId, timestamp, dataset);
        json.WritePropertyName("host"u8);
        json.WriteRawValue(hostJson, skipInputValidation: true);
        json.WriteString("message"u8, network ? "Endpoint network event"u8 : "Endpoint process event"u8);
        if (e.Socket is { } socket)
        {
            WriteNetwork(socket, e.Action);
        }
        WriteProcess(e, micros);
        WriteUser(e.Process);
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan;
    }

    private void WriteEventBlock(in SensorEvent e, string eventId, ReadOnlySpan<byte> timestamp, string dataset)
    {
        json.WriteStartObject("event"u8);
        json.WriteString("action"u8, e.Action switch
        {
            SensorAction.Fork => "fork"u8,
            SensorAction.Exec => "exec"u8,
            SensorAction.End => "end"u8,
            SensorAction.ConnectionAttempted => "connection_attempted"u8,
            SensorAction.ConnectionAccepted => "connection_accepted"u8,
            _ => "disconnect_received"u8,
        });
        json.WriteStartArray("category"u8);
        json.WriteStringValue(e.Socket is null ? "process"u8 : "network"u8);
        json.WriteEndArray();
        json.WriteString("created"u8, timestamp);
        json.WriteString("dataset"u8, dataset);
        json.WriteString("id"u8, eventId);
        Span<byte> ingested = stackalloc byte[IsoTimestamp.Length];
        json.WriteString("ingested"u8, IsoTimestamp.Format(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000, ingested));
        json.WriteString("kind"u8, "event"u8);
        json.WriteString("module"u8, "endpoint"u8);
        json.WriteString("outcome"u8, "success"u8);
        json.WriteNumber("sequence"u8, ++sequence);
        json.WriteStartArray("type"u8);
        json.WriteStringValue(e.Action is SensorAction.End or SensorAction.DisconnectReceived ? "end"u8 : "start"u8);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteNetwork(SocketFacts socket, SensorAction action)
    {
        var end = action == SensorAction.DisconnectReceived;
        WriteEnd("destination"u8, socket.DestinationIp, socket.DestinationPort, end ? socket.DestinationBytes : -1);
        WriteEnd("source"u8, socket.SourceIp, socket.SourcePort, end ? socket.SourceBytes : -1);
        json.WriteStartObject("network"u8);
        json.WriteString("direction"u8, socket.Ingress ? "ingress"u8 : "egress"u8);
        json.WriteString("transport"u8, socket.Transport);
        json.WriteString("type"u8, socket.DestinationIp.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6"u8 : "ipv4"u8);
        json.WriteEndObject();
    }

    private void WriteEnd(ReadOnlySpan<byte> name, System.Net.IPAddress ip, int port, long bytes)
    {
        var text = ip.ToString();
        json.WriteStartObject(name);
        json.WriteString("address"u8, text);
        if (bytes >= 0)
        {
            json.WriteNumber("bytes"u8, bytes);
        }
        json.WriteString("ip"u8, text);
        json.WriteNumber("port"u8, port);
        json.WriteEndObject();
    }

    private void WriteProcess(in SensorEvent e, long micros)
    {
        var process = e.Process;
        json.WriteStartObject("process"u8);
        json.WriteStartObject("Ext"u8);
        json.WriteStartArray("ancestry"u8);
        var depth = 0;
        for (var p = process.Parent; p is not null && depth < AncestryDepth; p = p.Parent, depth++)
        {
            json.WriteStringValue(p.EntityId);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        WriteCore(process, subject: true);
        if (e.Action == SensorAction.End)
        {
            Span<byte> end = stackalloc byte[IsoTimestamp.Length];
            json.WriteString("end"u8, IsoTimestamp.Format(micros, end));
            json.WriteNumber("exit_code"u8, e.ExitCode);
        }
        if (e.Socket is not null)
        {
            json.WriteNumber("uptime"u8, Math.Max(0, (micros - process.StartMicros) / 1_000_000));
        }
        if (process.Parent is { } parent)
        {
            json.WriteStartObject("parent"u8);
            WriteCore(parent, subject: false);
            json.WriteEndObject();
        }
        if (e.Socket is null)
        {
            WriteLeader("session_leader"u8, process, process.Session);
            WriteLeader("group_leader"u8, process, process.ProcessGroup);
            if (e.Action == SensorAction.Exec && process.Previous is { } previous)
            {
                json.WriteStartArray("previous"u8);
                json.WriteStartObject();
                WriteArgs(previous.Args);
                json.WriteString("executable"u8, previous.Executable);
                json.WriteEndObject();
                json.WriteEndArray();
            }
        }
        json.WriteEndObject();
    }

    private void WriteLeader(ReadOnlySpan<byte> name, TrackedProcess process, int leaderPid)
    {
        var leader = leaderPid == process.Pid ? process : leaderPid > 0 ? table.Find(leaderPid) : null;
        if (leader is null)
        {
            return;
        }
        json.WriteStartObject(name);
        WriteArgs(leader.Args);
        json.WriteString("entity_id"u8, leader.EntityId);
        json.WriteString("executable"u8, leader.Executable);
        json.WriteBoolean("interactive"u8, leader.Interactive);
        json.WriteString("name"u8, leader.Name);
        json.WriteNumber("pid"u8, leader.Pid);
        json.WriteString("start"u8, leader.StartText);
        json.WriteBoolean("same_as_process"u8, ReferenceEquals(leader, process));
        json.WriteEndObject();
    }

    private void WriteCore(TrackedProcess process, bool subject)
    {
        WriteArgs(process.Args);
        json.WriteString("command_line"u8, process.CommandLine);
        json.WriteString("entity_id"u8, process.EntityId);
        json.WriteString("executable"u8, process.Executable);
        json.WriteBoolean("interactive"u8, process.Interactive);
        json.WriteString("name"u8, process.Name);
        json.WriteNumber("pid"u8, process.Pid);
        json.WriteString("start"u8, process.StartText);
        json.WriteString("working_directory"u8, process.WorkingDirectory);
        json.WriteStartObject("user"u8);
        json.WriteString("id"u8, Id(process.Uid));
        json.WriteString("name"u8, users.UserName(process.Uid) ?? Id(process.Uid));
        json.WriteEndObject();
        if (subject)
        {
            json.WriteStartObject("group"u8);
            json.WriteString("id"u8, Id(process.Gid));
            json.WriteString("name"u8, users.GroupName(process.Gid) ?? Id(process.Gid));
            json.WriteEndObject();
        }
    }

    private void WriteArgs(string[] args)
    {
        json.WriteStartArray("args"u8);
        foreach (var arg in args)
        {
            json.WriteStringValue(arg);
        }
        json.WriteEndArray();
        json.WriteNumber("args_count"u8, args.Length);
    }

    private void WriteUser(TrackedProcess process)
    {
        var id = Id(process.Uid);
        var name = users.UserName(process.Uid) ?? id;
        json.WriteStartObject("user"u8);
        json.WriteStartObject("Ext"u8);
        json.WriteStartObject("real"u8);
        json.WriteString("id"u8, id);
        json.WriteString("name"u8, name);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("id"u8, id);
        json.WriteString("name"u8, name);
        json.WriteEndObject();
        json.WriteStartObject("group"u8);
        json.WriteString("id"u8, Id(process.Gid));
        json.WriteString("name"u8, users.GroupName(process.Gid) ?? Id(process.Gid));
        json.WriteEndObject();
    }

    private void WriteHost(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("architecture"u8, System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
            _ => "x86_64",
        });
        w.WriteString("hostname"u8, host.Name);
        w.WriteString("id"u8, host.Id);
        w.WriteStartArray("ip"u8);
        foreach (var ip in host.Ips)
        {
            w.WriteStringValue(ip);
        }
        w.WriteEndArray();
        w.WriteStartArray("mac"u8);
        foreach (var mac in host.Macs)
        {
            w.WriteStringValue(mac);
        }
        w.WriteEndArray();
        w.WriteString("name"u8, host.Name);
        w.WriteStartObject("os"u8);
        w.WriteStartObject("Ext"u8);
        w.WriteString("variant"u8, host.OsName);
        w.WriteEndObject();
        w.WriteString("family"u8, host.OsFamily);
        w.WriteString("full"u8, (host.OsName + " " + host.OsVersion).Trim());
        w.WriteString("kernel"u8, host.Kernel);
        w.WriteString("name"u8, host.OsName);
        w.WriteString("platform"u8, host.OsFamily);
        w.WriteString("type"u8, "linux"u8);
        w.WriteString("version"u8, host.OsVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static byte[] Fragment(Action<Utf8JsonWriter> write)
    {
        var scratch = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(scratch))
        {
            write(w);
        }
        return scratch.WrittenSpan.ToArray();
    }

    // Deterministic, so a batch re-sent after a failure lands on the same documents: 18 bytes of a hash of what
    // makes the event unique on this host, in base64 (Defend's ids are 24 base64 characters too). Not a security
    // boundary, so a fast non-cryptographic hash over a key built on the stack.
    private string EventId(in SensorEvent e)
    {
        var entity = e.Process.EntityId;
        var keyLength = hostIdBytes.Length + Encoding.UTF8.GetMaxByteCount(entity.Length) + 1 + 8 + 4 + 4;
        Span<byte> key = keyLength <= 512 ? stackalloc byte[512] : new byte[keyLength];
        hostIdBytes.CopyTo(key);
        var n = hostIdBytes.Length;
        key[n++] = (byte)e.Action;
        n += Encoding.UTF8.GetBytes(entity, key[n..]);
        BinaryPrimitives.WriteInt64LittleEndian(key[n..], e.TimeNs);
        n += 8;
        BinaryPrimitives.WriteInt32LittleEndian(key[n..], e.Socket?.SourcePort ?? -1);
        n += 4;
        BinaryPrimitives.WriteInt32LittleEndian(key[n..], e.Socket?.DestinationPort ?? -1);
        n += 4;
        Span<byte> digest = stackalloc byte[18];
        XxHash128.Hash(key[..n], digest);
        BinaryPrimitives.WriteUInt16LittleEndian(digest[16..], (ushort)XxHash3.HashToUInt64(key[..n], seed: 1));
        return Convert.ToBase64String(digest);
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
