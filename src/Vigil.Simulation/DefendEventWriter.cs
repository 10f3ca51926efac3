using System.Buffers.Text;
using System.Text.Json;

namespace Vigil.Simulation;

/// <summary>
/// Writes one event in the shape Elastic Defend gives Linux process, network and file events (field names and
/// types from the endpoint package), through a reused <see cref="Utf8JsonWriter"/>.
/// </summary>
internal sealed class DefendEventWriter(Utf8JsonWriter json)
{
    private const string EcsVersion = "8.11.0";

    /// <summary>Writes <paramref name="pending"/> for <paramref name="host"/>; returns nothing, the id goes to <paramref name="eventId"/>.</summary>
    public void Write(SimHost host, PendingEvent pending, ReadOnlySpan<byte> eventId, long sequence, long ingestedMicros)
    {
        Span<byte> time = stackalloc byte[40];
        int timeLength = Timestamps.FormatMicros(pending.TimeMicros, time);
        ReadOnlySpan<byte> timestamp = time[..timeLength];
        SimProcess process = pending.Process!;
        (string dataset, string message) = pending.Kind switch
        {
            PendingEventKind.Fork or PendingEventKind.Exec or PendingEventKind.End => ("endpoint.events.process", "Endpoint process event"),
            PendingEventKind.FileCreation or PendingEventKind.FileModification or PendingEventKind.FileDeletion => ("endpoint.events.file", "Endpoint file event"),
            _ => ("endpoint.events.network", "Endpoint network event"),
        };

        json.WriteStartObject();
        json.WriteString("@timestamp"u8, timestamp);
        json.WriteStartObject("agent"u8);
        json.WriteString("id"u8, host.AgentId);
        json.WriteString("type"u8, "endpoint"u8);
        json.WriteString("version"u8, host.AgentVersion);
        json.WriteEndObject();
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

        WriteEvent(pending, eventId, sequence, timestamp, ingestedMicros, dataset);
        WriteHost(host);
        json.WriteString("message"u8, message);

        switch (pending.Kind)
        {
            case PendingEventKind.Fork:
            case PendingEventKind.Exec:
            case PendingEventKind.End:
                WriteProcess(process, pending, full: true);
                break;
            case PendingEventKind.FileCreation:
            case PendingEventKind.FileModification:
            case PendingEventKind.FileDeletion:
                WriteFile(pending.FilePath!, pending.Kind);
                WriteProcess(process, pending, full: false);
                break;
            case PendingEventKind.DnsLookupRequested:
            case PendingEventKind.DnsLookupResult:
                WriteDns(pending);
                WriteNetwork(pending.Connection!, pending.Kind);
                WriteProcess(process, pending, full: false);
                break;
            default:
                WriteNetwork(pending.Connection!, pending.Kind);
                WriteProcess(process, pending, full: false);
                break;
        }

        WriteUser(process.User);
        json.WriteStartObject("group"u8);
        json.WriteString("id"u8, process.User.GroupId);
        json.WriteString("name"u8, process.User.GroupName);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteEvent(PendingEvent pending, ReadOnlySpan<byte> eventId, long sequence, ReadOnlySpan<byte> timestamp, long ingestedMicros, string dataset)
    {
        Span<byte> ingested = stackalloc byte[32];
        int ingestedLength = Timestamps.FormatSeconds(ingestedMicros, ingested);
        json.WriteStartObject("event"u8);
        json.WriteString("action"u8, pending.Kind switch
        {
            PendingEventKind.Fork => "fork"u8,
            PendingEventKind.Exec => "exec"u8,
            PendingEventKind.End => "end"u8,
            PendingEventKind.ConnectionAttempted => "connection_attempted"u8,
            PendingEventKind.ConnectionAccepted => "connection_accepted"u8,
            PendingEventKind.DisconnectReceived => "disconnect_received"u8,
            PendingEventKind.FileCreation => "creation"u8,
            PendingEventKind.FileModification => "modification"u8,
            PendingEventKind.FileDeletion => "deletion"u8,
            PendingEventKind.DnsLookupRequested => "lookup_requested"u8,
            _ => "lookup_result"u8,
        });
        json.WriteString("agent_id_status"u8, "verified"u8);
        json.WriteStartArray("category"u8);
        switch (pending.Kind)
        {
            case PendingEventKind.Fork or PendingEventKind.Exec or PendingEventKind.End:
                json.WriteStringValue("process"u8);
                break;
            case PendingEventKind.FileCreation or PendingEventKind.FileModification or PendingEventKind.FileDeletion:
                json.WriteStringValue("file"u8);
                break;
            default:
                json.WriteStringValue("network"u8);
                break;
        }
        json.WriteEndArray();
        json.WriteString("created"u8, timestamp);
        json.WriteString("dataset"u8, dataset);
        json.WriteString("id"u8, eventId);
        json.WriteString("ingested"u8, ingested[..ingestedLength]);
        json.WriteString("kind"u8, "event"u8);
        json.WriteString("module"u8, "endpoint"u8);
        json.WriteString("outcome"u8, "success"u8);
        json.WriteNumber("sequence"u8, sequence);
        json.WriteStartArray("type"u8);
        switch (pending.Kind)
        {
            case PendingEventKind.Fork or PendingEventKind.Exec or PendingEventKind.ConnectionAttempted or PendingEventKind.ConnectionAccepted:
                json.WriteStringValue("start"u8);
                break;
            case PendingEventKind.End or PendingEventKind.DisconnectReceived:
                json.WriteStringValue("end"u8);
                break;
            case PendingEventKind.FileCreation:
                json.WriteStringValue("creation"u8);
                break;
            case PendingEventKind.FileModification:
                json.WriteStringValue("change"u8);
                break;
            case PendingEventKind.FileDeletion:
                json.WriteStringValue("deletion"u8);
                break;
            default:
                json.WriteStringValue("protocol"u8);
                json.WriteStringValue("info"u8);
                break;
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteHost(SimHost host)
    {
        json.WriteStartObject("host"u8);
        json.WriteString("architecture"u8, "x86_64"u8);
        json.WriteString("hostname"u8, host.Name);
        json.WriteString("id"u8, host.Id);
        json.WriteStartArray("ip"u8);
        foreach (string ip in host.Ips)
        {
            json.WriteStringValue(ip);
        }
        json.WriteEndArray();
        json.WriteStartArray("mac"u8);
        foreach (string mac in host.Macs)
        {
            json.WriteStringValue(mac);
        }
        json.WriteEndArray();
        json.WriteString("name"u8, host.Name);
        json.WriteStartObject("os"u8);
        json.WriteStartObject("Ext"u8);
        json.WriteString("variant"u8, host.Os.Name);
        json.WriteEndObject();
        json.WriteString("family"u8, host.Os.Family);
        json.WriteString("full"u8, host.Os.Full);
        json.WriteString("kernel"u8, host.Os.Kernel);
        json.WriteString("name"u8, host.Os.Name);
        json.WriteString("platform"u8, host.Os.Platform);
        json.WriteString("type"u8, "linux"u8);
        json.WriteString("version"u8, host.Os.Version);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteProcess(SimProcess process, PendingEvent pending, bool full)
    {
        json.WriteStartObject("process"u8);
        json.WriteStartObject("Ext"u8);
        json.WriteStartArray("ancestry"u8);
        foreach (string ancestor in process.Ancestry)
        {
            json.WriteStringValue(ancestor);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        WriteProcessCore(process, isSubject: true);
        if (pending.Kind == PendingEventKind.End)
        {
            json.WriteString("end"u8, Format(pending.TimeMicros, stackalloc byte[40]));
            json.WriteNumber("exit_code"u8, 0);
        }
        if (!full)
        {
            json.WriteNumber("uptime"u8, Math.Max(0, (pending.TimeMicros - process.StartMicros) / 1_000_000));
        }
        if (process.Parent is { } parent)
        {
            json.WriteStartObject("parent"u8);
            WriteProcessCore(parent, isSubject: false);
            json.WriteEndObject();
        }
        if (full)
        {
            WriteLeader("session_leader"u8, process, process.Leader(process.SessionLeader));
            WriteLeader("entry_leader"u8, process, process.Leader(process.EntryLeader));
            WriteLeader("group_leader"u8, process, process.Leader(process.GroupLeader));
            if (pending.Kind == PendingEventKind.Exec && pending.Image is not null && process.Parent is { } previous)
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

    private void WriteLeader(ReadOnlySpan<byte> name, SimProcess process, SimProcess leader)
    {
        json.WriteStartObject(name);
        WriteArgs(leader.Args);
        json.WriteString("entity_id"u8, leader.EntityId);
        json.WriteString("executable"u8, leader.Executable);
        json.WriteBoolean("interactive"u8, leader.Interactive);
        json.WriteString("name"u8, leader.Name);
        json.WriteNumber("pid"u8, leader.Pid);
        json.WriteString("start"u8, Format(leader.StartMicros, stackalloc byte[40]));
        json.WriteBoolean("same_as_process"u8, ReferenceEquals(process, leader));
        if (leader.EntryType != "unknown")
        {
            json.WriteStartObject("entry_meta"u8);
            if (leader.EntrySourceIp is { } sourceIp)
            {
                json.WriteStartObject("source"u8);
                json.WriteString("ip"u8, sourceIp);
                json.WriteEndObject();
            }
            json.WriteString("type"u8, leader.EntryType);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private void WriteProcessCore(SimProcess process, bool isSubject)
    {
        WriteArgs(process.Args);
        json.WriteString("command_line"u8, process.CommandLine);
        json.WriteString("entity_id"u8, process.EntityId);
        json.WriteString("executable"u8, process.Executable);
        if (isSubject)
        {
            json.WriteStartObject("hash"u8);
            json.WriteString("sha256"u8, process.Sha256);
            json.WriteEndObject();
        }
        json.WriteBoolean("interactive"u8, process.Interactive);
        json.WriteString("name"u8, process.Name);
        json.WriteNumber("pid"u8, process.Pid);
        json.WriteString("start"u8, Format(process.StartMicros, stackalloc byte[40]));
        json.WriteString("working_directory"u8, process.WorkingDirectory);
        json.WriteStartObject("user"u8);
        json.WriteString("id"u8, process.User.Id);
        json.WriteString("name"u8, process.User.Name);
        json.WriteEndObject();
        if (isSubject)
        {
            json.WriteStartObject("group"u8);
            json.WriteString("id"u8, process.User.GroupId);
            json.WriteString("name"u8, process.User.GroupName);
            json.WriteEndObject();
        }
    }

    private void WriteArgs(string[] args)
    {
        json.WriteStartArray("args"u8);
        foreach (string arg in args)
        {
            json.WriteStringValue(arg);
        }
        json.WriteEndArray();
        json.WriteNumber("args_count"u8, args.Length);
    }

    private void WriteNetwork(Connection connection, PendingEventKind kind)
    {
        bool end = kind == PendingEventKind.DisconnectReceived;
        json.WriteStartObject("destination"u8);
        json.WriteString("address"u8, connection.DestinationIp);
        if (end)
        {
            json.WriteNumber("bytes"u8, connection.DestinationBytes);
        }
        json.WriteString("ip"u8, connection.DestinationIp);
        json.WriteNumber("port"u8, connection.DestinationPort);
        json.WriteEndObject();
        json.WriteStartObject("source"u8);
        json.WriteString("address"u8, connection.SourceIp);
        if (end)
        {
            json.WriteNumber("bytes"u8, connection.SourceBytes);
        }
        json.WriteString("ip"u8, connection.SourceIp);
        json.WriteNumber("port"u8, connection.SourcePort);
        json.WriteEndObject();
        json.WriteStartObject("network"u8);
        json.WriteString("direction"u8, connection.Ingress ? "ingress"u8 : "egress"u8);
        if (kind is PendingEventKind.DnsLookupRequested or PendingEventKind.DnsLookupResult)
        {
            json.WriteString("protocol"u8, "dns"u8);
        }
        json.WriteString("transport"u8, connection.Transport);
        json.WriteString("type"u8, connection.DestinationIp.Contains(':', StringComparison.Ordinal) ? "ipv6"u8 : "ipv4"u8);
        json.WriteEndObject();
    }

    private void WriteDns(PendingEvent pending)
    {
        json.WriteStartObject("dns"u8);
        json.WriteStartObject("question"u8);
        json.WriteString("name"u8, pending.DnsName!);
        json.WriteString("type"u8, "A"u8);
        json.WriteEndObject();
        if (pending.Kind == PendingEventKind.DnsLookupResult && pending.DnsAnswers is { } answers)
        {
            json.WriteStartArray("resolved_ip"u8);
            foreach (string answer in answers)
            {
                json.WriteStringValue(answer);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private void WriteFile(string path, PendingEventKind kind)
    {
        int slash = path.LastIndexOf('/');
        string name = path[(slash + 1)..];
        int dot = name.LastIndexOf('.');
        json.WriteStartObject("file"u8);
        json.WriteString("directory"u8, slash > 0 ? path[..slash] : "/");
        if (dot > 0)
        {
            json.WriteString("extension"u8, name[(dot + 1)..]);
        }
        json.WriteString("name"u8, name);
        json.WriteString("path"u8, path);
        if (kind != PendingEventKind.FileDeletion)
        {
            json.WriteNumber("size"u8, 512 + (path.Length * 7919 % 65536));
        }
        json.WriteEndObject();
    }

    private void WriteUser(SimUser user)
    {
        json.WriteStartObject("user"u8);
        json.WriteStartObject("Ext"u8);
        json.WriteStartObject("real"u8);
        json.WriteString("id"u8, user.Id);
        json.WriteString("name"u8, user.Name);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("id"u8, user.Id);
        json.WriteString("name"u8, user.Name);
        json.WriteEndObject();
    }

    private static ReadOnlySpan<byte> Format(long micros, Span<byte> buffer) => buffer[..Timestamps.FormatMicros(micros, buffer)];

    /// <summary>Writes Defend-style event ids: 18 random bytes in base64 (24 characters).</summary>
    public static int FormatEventId(Prng random, Span<byte> destination)
    {
        Span<byte> raw = stackalloc byte[18];
        random.NextBytes(raw);
        Base64.EncodeToUtf8(raw, destination, out _, out int written);
        return written;
    }
}
