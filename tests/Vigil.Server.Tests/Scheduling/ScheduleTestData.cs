using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Rules;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>The shipped seed rule, its fixtures spread over time, and the collect-all schedule path as the oracle.</summary>
internal static class ScheduleTestData
{
    public static readonly DateTimeOffset FixtureTime = DateTimeOffset.Parse("2026-11-27T10:00:00Z", CultureInfo.InvariantCulture);

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found");
    }

    public static string SeedRule => Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.toml");

    public static string SeedFixtures => Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.fixtures");

    /// <summary>A scheduled event: its source (with its @timestamp moved), its time, index and a stored id.</summary>
    public sealed record TimedEvent(JsonObject Source, DateTimeOffset Time, string Index, string Id)
    {
        public IncomingEvent ToIncoming(DateTimeOffset ingested) =>
            new(Index, Id, Encoding.UTF8.GetBytes(Source.ToJsonString()), Time, ingested);
    }

    /// <summary>
    /// Every seed fixture, file i moved to start <paramref name="spacing"/> × i after <paramref name="start"/>
    /// (relative times inside a file kept), and the sum of the files' <c>expect_alerts</c> (1 for an alert file
    /// without it, 0 for a quiet one): the number of sequence alerts a run over all of them must raise.
    /// </summary>
    public static (List<TimedEvent> Events, int ExpectedSequences) SpreadFixtures(DateTimeOffset start, TimeSpan spacing)
    {
        var events = new List<TimedEvent>();
        var expected = 0;
        var files = Directory.GetFiles(SeedFixtures, "*.ndjson").Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var offset = start + spacing * i - FixtureTime;
            var isAlert = files[i].EndsWith(".alert.ndjson", StringComparison.Ordinal);
            var fileExpected = isAlert ? 1 : 0;
            var line = 0;
            foreach (var text in File.ReadLines(files[i]))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text) || JsonNode.Parse(text) is not JsonObject o)
                {
                    continue;
                }
                if (o.ContainsKey("//"))
                {
                    if (o["expect_alerts"] is JsonValue n)
                    {
                        fileExpected = n.GetValue<int>();
                    }
                    continue;
                }
                events.Add(Moved(o, offset, $"fx{i:D2}-{line:D3}"));
            }
            expected += fileExpected;
        }
        return (events, expected);
    }

    /// <summary>The event with its @timestamp moved by <paramref name="offset"/>; its index from its data_stream.</summary>
    public static TimedEvent Moved(JsonObject source, TimeSpan offset, string id)
    {
        var o = (JsonObject)source.DeepClone();
        var time = DateTimeOffset.Parse(o["@timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture) + offset;
        o["@timestamp"] = AlertTime.ToIso(time);
        var bytes = Encoding.UTF8.GetBytes(o.ToJsonString());
        var index = EventIndex.Resolve([], bytes, null) ?? "logs-endpoint.events.process-default";
        return new TimedEvent(o, time, index, id);
    }

    public static List<PreparedRule> Prepare(IReadOnlyList<string> rulePaths)
    {
        var prepared = new List<PreparedRule>();
        var problems = new List<string>();
        foreach (var file in RuleLoader.Load(rulePaths))
        {
            foreach (var r in file.Rules)
            {
                if (r.Rule is not null && !r.HasErrors && RulePreparer.Prepare(r.Rule, problems) is { } rule)
                {
                    prepared.Add(rule);
                }
            }
        }
        Assert.Empty(problems);
        return prepared;
    }

    /// <summary>
    /// The collect-all schedule path (<c>scan --schedule</c>) over the same events, in the store's order, with their
    /// stored index and id, executions at <paramref name="executionTimes"/>.
    /// </summary>
    public static ScanResult Oracle(IReadOnlyList<string> rulePaths, IReadOnlyList<IncomingEvent> stored, IReadOnlyList<DateTimeOffset> executionTimes)
    {
        var events = new List<ScanEvent>(stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            events.Add(new ScanEvent(stored[i].Index, stored[i].Id, stored[i].Source, "oracle", i + 1));
        }
        return new DetectionEngine().Run(Prepare(rulePaths), events, new ScanOptions { Schedule = true, ExecutionTimes = executionTimes });
    }

    public static IReadOnlyList<DateTimeOffset> Every(DateTimeOffset first, TimeSpan step, int count) =>
        Enumerable.Range(0, count).Select(i => first + step * i).ToList();

    /// <summary>A Kibana rule export line (NDJSON) written to <paramref name="path"/>.</summary>
    public static string WriteRule(string path, string ruleId, string query, int maxSignals = 100, string interval = "5m",
        string from = "now-9m", int version = 1, string? name = null)
    {
        var rule = new JsonObject
        {
            ["rule_id"] = ruleId,
            ["name"] = name ?? "test rule " + ruleId,
            ["description"] = "scheduler test rule",
            ["type"] = "eql",
            ["language"] = "eql",
            ["query"] = query,
            ["index"] = new JsonArray("logs-endpoint.events.*"),
            ["severity"] = "low",
            ["risk_score"] = 21,
            ["from"] = from,
            ["interval"] = interval,
            ["max_signals"] = maxSignals,
            ["version"] = version,
        };
        File.WriteAllText(path, rule.ToJsonString() + "\n");
        return path;
    }
}
