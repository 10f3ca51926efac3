using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;
using Vigil.Detection.RuleTypes;

namespace Vigil.Detection.Tests;

/// <summary>Hand-built rules, events and an independent SHA-256 for the tests.</summary>
internal static class TestData
{
    public const string RuleUuid = "8a1e6a9e-0c53-4d8a-9b1c-5f0a3c2d1e77";

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// The rule-type tests' indicators: two ipv4-addr indicators (one also naming a user) that the tests' threat_query
    /// keeps, and a url indicator it must leave out.
    /// </summary>
    public static List<ThreatIndicator> AuthThreatIndicators() =>
    [
        new("ti", "i1", (JsonObject)JsonNode.Parse("""{"threat":{"indicator":{"type":"ipv4-addr","ip":"198.51.100.1"}}}""")!, "t", 1),
        new("ti", "i2", (JsonObject)JsonNode.Parse("""{"threat":{"indicator":{"type":"ipv4-addr","ip":"203.0.113.9","user":"carol"}}}""")!, "t", 2),
        new("ti", "i3", (JsonObject)JsonNode.Parse("""{"threat":{"indicator":{"type":"url","ip":"198.51.100.2"}}}""")!, "t", 3),
    ];

    /// <summary>A KQL rule over <c>logs-system.auth-*</c> (the rule-type tests' events), edited, then prepared.</summary>
    public static PreparedRule PrepareKqlAuthRule(Action<JsonObject> edit)
    {
        var json = RuleJson(r =>
        {
            r["language"] = "kuery";
            r["index"] = new JsonArray("logs-system.auth-*");
            edit(r);
        });
        var problems = new List<string>();
        var prepared = RulePreparer.Prepare(json, "", problems);
        Assert.True(prepared is not null, string.Join("\n", problems));
        return prepared!;
    }

    public static JsonObject RuleJson(Action<JsonObject>? edit = null)
    {
        var rule = new JsonObject
        {
            ["id"] = RuleUuid,
            ["rule_id"] = "afd04601-12fc-4149-9b78-9c3f8fe45d39",
            ["name"] = "Network Activity Detected via cat",
            ["description"] = "cat connected out",
            ["type"] = "eql",
            ["language"] = "eql",
            ["query"] = "sequence by host.id [process where true] [network where true]",
            ["index"] = new JsonArray("logs-endpoint.events.process-*", "logs-endpoint.events.network-*"),
            ["severity"] = "medium",
            ["risk_score"] = 47,
            ["from"] = "now-9m",
            ["interval"] = "5m",
            ["tags"] = new JsonArray("Domain: Endpoint", "OS: Linux"),
            ["version"] = 6,
            ["created_at"] = "2024-01-01T00:00:00.000Z",
            ["updated_at"] = "2024-01-02T00:00:00.000Z",
        };
        edit?.Invoke(rule);
        return rule;
    }

    public static DetectionRule Rule(Action<JsonObject>? edit = null)
    {
        var problems = new List<string>();
        var rule = DetectionRule.FromKibanaJson(RuleJson(edit), problems);
        Assert.Empty(problems);
        return rule!;
    }

    public static AlertExecutionContext Context(string? baseUrl = null) => new()
    {
        StartedAt = DateTimeOffset.Parse("2024-05-01T12:00:00Z"),
        AlertTimestamp = DateTimeOffset.Parse("2024-05-01T12:00:01.5Z"),
        ExecutionUuid = "exec-1",
        PublicBaseUrl = baseUrl,
    };

    public static JsonObject ProcessEvent() => (JsonObject)JsonNode.Parse("""
        {
          "@timestamp": "2024-05-01T11:58:00.123456Z",
          "event": {"kind": "event", "category": ["process"], "type": ["start"], "action": "exec", "id": "e1"},
          "data_stream": {"type": "logs", "dataset": "endpoint.events.process", "namespace": "default"},
          "host": {"id": "h-1", "name": "host-1", "os": {"type": "linux", "name": "Ubuntu"}},
          "process": {"name": "cat", "pid": 100, "args": ["cat", "x"], "parent": {"name": "bash"}, "entity_id": "p-1"},
          "user": {"name": "root"},
          "tags": [],
          "labels": {},
          "kibana": {"alert": {"uuid": "should-go"}},
          "threshold_result": {"count": 1}
        }
        """)!;

    public static JsonObject NetworkEvent() => (JsonObject)JsonNode.Parse("""
        {
          "@timestamp": "2024-05-01T11:58:00.400Z",
          "event": {"kind": "event", "category": ["network"], "type": ["start"], "action": "connection_attempted"},
          "data_stream": {"type": "logs", "dataset": "endpoint.events.network", "namespace": "default"},
          "host": {"id": "h-1", "name": "host-1", "os": {"type": "linux", "name": "Ubuntu"}},
          "process": {"name": "cat", "pid": 100, "args": ["cat", "y"], "entity_id": "p-1"},
          "source": {"ip": "10.0.0.5", "port": 51234},
          "destination": {"ip": "203.0.113.5", "port": 4444},
          "user": {"name": "root"}
        }
        """)!;

    public const string ProcessIndex = "logs-endpoint.events.process-default";
    public const string NetworkIndex = "logs-endpoint.events.network-default";
}
