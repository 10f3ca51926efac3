using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.EndToEnd;

namespace Vigil.Server.Tests.Cluster;

/// <summary>
/// Events and rules whose alerts need more than one host: a sequence joined by user.name (a failed login on one host,
/// then sudo on another), a threshold counting SSH connections by source.ip over many hosts, and, for contrast, a
/// sequence joined by host.id that each partition owner can run alone. Two rounds of events, minutes apart.
/// </summary>
internal static class CrossHostEvents
{
    public const int Hosts = 32;

    /// <summary>Users per round, each with a failed login and a sudo on two different hosts.</summary>
    public const int Users = 16;

    public const string SequenceByUserRuleId = "c1a5e0f2-0000-4000-8000-000000000001";
    public const string ThresholdBySourceRuleId = "c1a5e0f2-0000-4000-8000-000000000002";
    public const string SequenceByHostRuleId = "c1a5e0f2-0000-4000-8000-000000000003";

    /// <summary>One round of events at <paramref name="at"/> (seconds apart); <paramref name="round"/> picks users, addresses and hosts.</summary>
    public static List<string> Round(DateTimeOffset at, int round)
    {
        var lines = new List<string>();
        var t = at;
        string Next() => (t = t.AddSeconds(1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        for (var k = 0; k < Users; k++)
        {
            var user = $"user-{round}-{k}";
            // The login fails on one host, sudo runs on another: only a worker with both hosts' events sees the sequence.
            lines.Add(Event(Next(), HostOf(round * 7 + 2 * k), "authentication", "start", user, outcome: "failure"));
            lines.Add(Event(Next(), HostOf(round * 7 + 2 * k + 5), "process", "start", user, process: "sudo"));
        }
        for (var k = 0; k < 10; k++)
        {
            lines.Add(Event(Next(), HostOf(round * 3 + 3 * k), "network", "connection", "svc", source: $"10.9.{round}.1", port: 22));
        }
        for (var k = 0; k < 4; k++)
        {
            // Under the threshold: no alert anywhere.
            lines.Add(Event(Next(), HostOf(round * 5 + 3 * k + 1), "network", "connection", "svc", source: $"10.9.{round}.2", port: 22));
        }
        var local = HostOf(round * 11 + 4);
        lines.Add(Event(Next(), local, "process", "start", "root", process: "curl"));
        lines.Add(Event(Next(), local, "network", "connection", "root", source: "10.1.1.1", port: 4444));
        return lines;
    }

    public static string HostOf(int n) => $"host-{((n % Hosts) + Hosts) % Hosts:D2}";

    private static string Event(string time, string host, string category, string type, string user, string? outcome = null,
        string? process = null, string? source = null, int? port = null)
    {
        var e = new JsonObject
        {
            ["@timestamp"] = time,
            ["data_stream"] = new JsonObject { ["type"] = "logs", ["dataset"] = "xhost", ["namespace"] = "default" },
            ["host"] = new JsonObject { ["id"] = host, ["name"] = host },
            ["event"] = new JsonObject { ["category"] = new JsonArray(category), ["type"] = new JsonArray(type), ["kind"] = "event" },
            ["user"] = new JsonObject { ["name"] = user },
        };
        if (outcome is not null)
        {
            e["event"]!["outcome"] = outcome;
        }
        if (process is not null)
        {
            e["process"] = new JsonObject { ["name"] = process, ["pid"] = 4242 };
        }
        if (source is not null)
        {
            e["source"] = new JsonObject { ["ip"] = source };
            e["destination"] = new JsonObject { ["ip"] = "10.0.0.9", ["port"] = port };
        }
        return e.ToJsonString();
    }

    /// <summary>Writes the three rules as TOML files into <paramref name="folder"/>.</summary>
    public static void WriteRules(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "sequence_by_user.toml"), Rule(SequenceByUserRuleId, "Cross-host: failed login then sudo by one user", "eql", "eql", """
            sequence by user.name with maxspan=2m
              [authentication where event.outcome == "failure"]
              [process where event.type == "start" and process.name == "sudo"]
            """, ""));
        File.WriteAllText(Path.Combine(folder, "threshold_by_source.toml"), Rule(ThresholdBySourceRuleId, "Cross-host: SSH sweep from one address", "threshold", "kuery",
            "event.category:network and destination.port:22", """

            [rule.threshold]
            field = ["source.ip"]
            value = 8
            """));
        File.WriteAllText(Path.Combine(folder, "sequence_by_host.toml"), Rule(SequenceByHostRuleId, "Host-local: curl then port 4444", "eql", "eql", """
            sequence by host.id with maxspan=1m
              [process where process.name == "curl"]
              [network where destination.port == 4444]
            """, ""));
    }

    private static string Rule(string id, string name, string type, string language, string query, string tail) => $$"""
        [metadata]
        creation_date = "2026/12/04"
        maturity = "development"
        updated_date = "2026/12/04"

        [rule]
        author = ["Vigil"]
        description = "Cluster test rule."
        from = "now-6m"
        index = ["logs-xhost-*"]
        interval = "5m"
        language = "{{language}}"
        license = "Elastic License v2"
        max_signals = 100
        name = "{{name}}"
        risk_score = 21
        rule_id = "{{id}}"
        severity = "low"
        type = "{{type}}"
        version = 1
        query = '''
        {{query}}
        '''
        {{tail}}
        """;

    public static BulkCapture Capture(IEnumerable<string> lines, string prefix) => BulkCapture.FromLines(lines, prefix);
}
