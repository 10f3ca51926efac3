using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;
using Vigil.Events.Readers;
using Vigil.Rules;

namespace Vigil.Server.Tests.Alerts;

/// <summary>
/// Real alert documents for the tests, built by the detection engine's own <see cref="AlertBuilder"/>: five
/// single-event alerts over hand-made events whose fields are known by construction (so expected matches are worked
/// out by hand), and the seed rule's scan over examples/ (3 sequences + 6 building blocks, as `vigil scan` reports).
/// </summary>
internal static class AlertSamples
{
    /// <summary>The clock of the query tests: one hour after the last hand-made alert.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public const string AlphaRuleId = "11111111-1111-4111-8111-111111111111";
    public const string BetaRuleId = "22222222-2222-4222-8222-222222222222";

    /// <summary>
    /// Labels → alerts. Alpha: severity high, risk 73; Beta: severity low, risk 21. Alert @timestamp = event time + 1 min.
    /// <list type="bullet">
    /// <item>a1: Alpha, host web-1, user root, 10:00, process cat, message "cat connected to 203.0.113.5"</item>
    /// <item>a2: Alpha, host web-2, user alice, 11:00, process curl, message "curl fetched the payload"</item>
    /// <item>b3: Beta, host web-1, user bob, 12:00, process nc, message "nc listening on port 4444"</item>
    /// <item>b4: Beta, host db-1, no user, 13:00, process cat, no message</item>
    /// <item>a5: Alpha, host db-1, user root, 13:00, process python3, message "python3 connected out"</item>
    /// </list>
    /// </summary>
    public static IReadOnlyDictionary<string, AlertDocument> Hand()
    {
        var alpha = Rule(AlphaRuleId, "Alpha rule", "high", 73);
        var beta = Rule(BetaRuleId, "Beta rule", "low", 21);
        return new Dictionary<string, AlertDocument>
        {
            ["a1"] = Single(alpha, "e1", "2026-01-01T10:00:00Z", "web-1", "root", "cat", "cat connected to 203.0.113.5"),
            ["a2"] = Single(alpha, "e2", "2026-01-01T11:00:00Z", "web-2", "alice", "curl", "curl fetched the payload"),
            ["b3"] = Single(beta, "e3", "2026-01-01T12:00:00Z", "web-1", "bob", "nc", "nc listening on port 4444"),
            ["b4"] = Single(beta, "e4", "2026-01-01T13:00:00Z", "db-1", null, "cat", null),
            ["a5"] = Single(alpha, "e5", "2026-01-01T13:00:00Z", "db-1", "root", "python3", "python3 connected out"),
        };
    }

    private static DetectionRule Rule(string ruleId, string name, string severity, int risk)
    {
        var json = new JsonObject
        {
            ["rule_id"] = ruleId,
            ["name"] = name,
            ["description"] = name + " for the alert-store tests",
            ["type"] = "eql",
            ["language"] = "eql",
            ["query"] = "process where true",
            ["index"] = new JsonArray("logs-endpoint.events.process-*"),
            ["severity"] = severity,
            ["risk_score"] = risk,
            ["from"] = "now-9m",
            ["interval"] = "5m",
            ["note"] = "## Triage\n\nLook at host {{host.name}}.",
            ["version"] = 1,
            ["created_at"] = "2025-12-01T00:00:00.000Z",
            ["updated_at"] = "2025-12-01T00:00:00.000Z",
        };
        var problems = new List<string>();
        var rule = DetectionRule.FromKibanaJson(json, problems);
        Assert.True(rule is not null, string.Join("; ", problems));
        return rule!;
    }

    private static AlertDocument Single(DetectionRule rule, string eventId, string time, string host, string? user, string process, string? message)
    {
        var source = new JsonObject
        {
            ["@timestamp"] = time,
            ["event"] = new JsonObject { ["kind"] = "event", ["category"] = new JsonArray("process"), ["id"] = eventId },
            ["host"] = new JsonObject { ["name"] = host, ["os"] = new JsonObject { ["type"] = "linux" } },
            ["process"] = new JsonObject { ["name"] = process, ["pid"] = 100 },
        };
        if (user is not null)
        {
            source["user"] = new JsonObject { ["name"] = user };
        }
        if (message is not null)
        {
            source["message"] = message;
        }
        var at = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(1);
        var context = new AlertExecutionContext { StartedAt = at, AlertTimestamp = at, ExecutionUuid = "exec-" + eventId };
        var alert = new AlertBuilder(rule, context).BuildSingle(new SourceEvent("logs-endpoint.events.process-default", eventId, source));
        Assert.NotNull(alert);
        return alert!;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Vigil.slnx) is not above " + AppContext.BaseDirectory);
    }

    public static string SeedRulePath => Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.toml");

    public static Rule SeedRule() => RuleLoader.LoadFile(SeedRulePath).Rules.Single().Rule!;

    /// <summary>The seed rule over examples/defend-linux-sample.ndjson: shells and building blocks, in the engine's order.</summary>
    public static IReadOnlyList<AlertDocument> Scan()
    {
        var problems = new List<string>();
        var rule = RulePreparer.Prepare(SeedRule(), problems);
        Assert.True(rule is not null, string.Join("; ", problems));
        var collector = new EventCollector();
        InputReader.Read([Path.Combine(RepoRoot(), "examples", "defend-linux-sample.ndjson")], collector);
        var result = new DetectionEngine().Run([rule!], collector.Events, new ScanOptions { Now = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) });
        return result.Alerts;
    }
}
