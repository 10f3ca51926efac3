using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Vigil.Simulation;

/// <summary>
/// The one check of "shaped as Elastic Defend writes it on Linux" for process and network events, used by the tests
/// of both writers (<c>vigil generate</c> and <c>vigil agent</c>). It checks the fields the endpoint package documents
/// for Linux process exec/fork/end and network connection events (names, JSON types, the values they take, and the
/// ties between fields); each problem names its field.
/// </summary>
public static class DefendShapeChecker
{
    private static readonly string[] ProcessActions = ["fork", "exec", "end"];
    private static readonly string[] NetworkActions = ["connection_attempted", "connection_accepted", "disconnect_received"];

    /// <summary>The problems of one event (empty when it has Defend's shape).</summary>
    public static IReadOnlyList<string> Check(JsonElement e)
    {
        var problems = new List<string>();
        Date(e, "@timestamp", problems);
        foreach (var name in new[] { "agent.id", "agent.type", "agent.version", "data_stream.dataset", "data_stream.namespace", "ecs.version",
            "event.action", "event.dataset", "event.id", "event.kind", "event.module", "host.id", "host.name", "message",
            "process.entity_id", "process.name", "process.executable", "process.command_line", "user.id", "user.name" })
        {
            String(e, name, problems);
        }
        Equal(e, "data_stream.type", "logs", problems);
        Equal(e, "event.kind", "event", problems);
        Equal(e, "event.module", "endpoint", problems);
        Equal(e, "host.os.type", "linux", problems);
        Date(e, "event.created", problems);
        Date(e, "event.ingested", problems);
        Number(e, "event.sequence", problems);
        Number(e, "process.pid", problems);
        if (Get(e, "host.ip") is not { ValueKind: JsonValueKind.Array } ips)
        {
            problems.Add("host.ip: missing or not an array");
        }
        else if (ips.EnumerateArray().Any(static ip => ip.ValueKind != JsonValueKind.String || !IPAddress.TryParse(ip.GetString(), out _)))
        {
            problems.Add("host.ip: an element is not an IP address");
        }
        var dataset = Text(e, "event.dataset");
        if (Text(e, "data_stream.dataset") != dataset)
        {
            problems.Add("data_stream.dataset: differs from event.dataset");
        }
        CheckProcess(e, problems);
        var action = Text(e, "event.action");
        var category = Single(e, "event.category", problems);
        var type = Single(e, "event.type", problems);
        if (dataset == "endpoint.events.process")
        {
            Expect(category == "process", "event.category: a process event's is [\"process\"]", problems);
            Expect(ProcessActions.Contains(action), $"event.action: \"{action}\" is not a Linux process action (fork, exec, end)", problems);
            Expect(type == (action == "end" ? "end" : "start"), $"event.type: [\"{type}\"] does not go with event.action \"{action}\"", problems);
            String(e, "process.working_directory", problems);
            String(e, "group.id", problems);
            String(e, "group.name", problems);
            if (action == "end")
            {
                Date(e, "process.end", problems);
                Number(e, "process.exit_code", problems);
            }
        }
        else if (dataset == "endpoint.events.network")
        {
            Expect(category == "network", "event.category: a network event's is [\"network\"]", problems);
            Expect(NetworkActions.Contains(action), $"event.action: \"{action}\" is not a Linux network connection action", problems);
            Expect(type == (action == "disconnect_received" ? "end" : "start"), $"event.type: [\"{type}\"] does not go with event.action \"{action}\"", problems);
            CheckNetwork(e, action, problems);
        }
        else
        {
            problems.Add($"event.dataset: \"{dataset}\" is neither endpoint.events.process nor endpoint.events.network");
        }
        return problems;
    }

    private static void CheckProcess(JsonElement e, List<string> problems)
    {
        if (Get(e, "process.args") is not { ValueKind: JsonValueKind.Array } args)
        {
            problems.Add("process.args: missing or not an array");
            return;
        }
        var values = args.EnumerateArray().Select(static a => a.ValueKind == JsonValueKind.String ? a.GetString() : null).ToArray();
        Expect(values.All(static v => v is not null), "process.args: an element is not a string", problems);
        Expect(Get(e, "process.args_count") is { ValueKind: JsonValueKind.Number } count && count.GetInt32() == values.Length,
            "process.args_count: missing or not the number of process.args", problems);
        Expect(Text(e, "process.command_line") == string.Join(' ', values), "process.command_line: not process.args joined by spaces", problems);
        var executable = Text(e, "process.executable");
        Expect(executable is null || executable.Length == 0 || executable[(executable.LastIndexOf('/') + 1)..] == Text(e, "process.name"),
            "process.name: not the file name of process.executable", problems);
        if (Get(e, "process.Ext.ancestry") is not { ValueKind: JsonValueKind.Array } ancestry)
        {
            problems.Add("process.Ext.ancestry: missing or not an array");
            return;
        }
        if (Get(e, "process.parent") is { ValueKind: JsonValueKind.Object })
        {
            String(e, "process.parent.entity_id", problems);
            String(e, "process.parent.name", problems);
            Number(e, "process.parent.pid", problems);
            var first = ancestry.GetArrayLength() > 0 ? ancestry[0].GetString() : null;
            Expect(first == Text(e, "process.parent.entity_id"), "process.Ext.ancestry: does not start with process.parent.entity_id", problems);
        }
        Expect(Text(e, "process.entity_id") is not { } id || !ancestry.EnumerateArray().Any(a => a.GetString() == id),
            "process.Ext.ancestry: holds the process's own entity id", problems);
    }

    private static void CheckNetwork(JsonElement e, string? action, List<string> problems)
    {
        foreach (var end in new[] { "source", "destination" })
        {
            var ip = Text(e, end + ".ip");
            Expect(ip is not null && IPAddress.TryParse(ip, out _), $"{end}.ip: missing or not an IP address", problems);
            Expect(Text(e, end + ".address") == ip, $"{end}.address: differs from {end}.ip", problems);
            Expect(Get(e, end + ".port") is { ValueKind: JsonValueKind.Number } port && port.GetInt32() is >= 0 and <= 65535, $"{end}.port: missing or not a port", problems);
            if (action == "disconnect_received")
            {
                Number(e, end + ".bytes", problems);
            }
        }
        var transport = Text(e, "network.transport");
        Expect(transport is "tcp" or "udp", $"network.transport: \"{transport}\" is neither tcp nor udp", problems);
        var direction = Text(e, "network.direction");
        Expect(direction is "ingress" or "egress", $"network.direction: \"{direction}\" is neither ingress nor egress", problems);
        Expect(action != "connection_accepted" || direction == "ingress", "network.direction: an accepted connection is ingress", problems);
        Expect(action != "connection_attempted" || direction == "egress", "network.direction: an attempted connection is egress", problems);
        var destination = Text(e, "destination.ip");
        if (destination is not null && IPAddress.TryParse(destination, out var address))
        {
            var expected = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4";
            Expect(Text(e, "network.type") == expected, $"network.type: not {expected} for destination.ip {destination}", problems);
        }
        Number(e, "process.uptime", problems);
    }

    private static JsonElement? Get(JsonElement e, string path)
    {
        var current = e;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }
        return current;
    }

    private static string? Text(JsonElement e, string path) => Get(e, path) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    private static void String(JsonElement e, string path, List<string> problems) =>
        Expect(Get(e, path) is { ValueKind: JsonValueKind.String }, $"{path}: missing or not a string", problems);

    private static void Number(JsonElement e, string path, List<string> problems) =>
        Expect(Get(e, path) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out _), $"{path}: missing or not an integer", problems);

    private static void Equal(JsonElement e, string path, string expected, List<string> problems) =>
        Expect(Text(e, path) == expected, $"{path}: not \"{expected}\"", problems);

    private static void Date(JsonElement e, string path, List<string> problems) =>
        Expect(Text(e, path) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            $"{path}: missing or not an ISO 8601 date", problems);

    private static string? Single(JsonElement e, string path, List<string> problems)
    {
        if (Get(e, path) is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() != 1 || array[0].ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}: missing or not an array of one string");
            return null;
        }
        return array[0].GetString();
    }

    private static void Expect(bool condition, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
