using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;

namespace Vigil.Detection.Tests;

/// <summary>
/// KQL (<c>language: kuery</c>) query rules end to end: prepared like EQL rules, one alert per matching event with
/// Kibana's single-event id, the same alerts from the streaming hunt (query set, worker threads) as from the
/// collect-all engine, beside EQL rules.
/// </summary>
public sealed class KqlRuleTests
{
    private const string Events = """
        {"@timestamp":"2024-05-01T12:00:00.000Z","event":{"id":"a1","category":["process"],"type":["start"]},"process":{"name":"cat","args":["cat","/etc/passwd"]},"host":{"os":{"type":"linux"}},"destination":{"ip":"10.0.0.5"},"data_stream":{"dataset":"endpoint.events.process","namespace":"default","type":"logs"}}
        {"@timestamp":"2024-05-01T12:00:01.000Z","event":{"id":"a2","category":["process"],"type":["start"]},"process":{"name":"Cat"},"host":{"os":{"type":"linux"}},"data_stream":{"dataset":"endpoint.events.process","namespace":"default","type":"logs"}}
        {"@timestamp":"2024-05-01T12:00:02.000Z","event":{"id":"a3","category":["network"],"type":["start"]},"process":{"name":"cat"},"host":{"os":{"type":"linux"}},"destination":{"ip":"8.8.8.8"},"data_stream":{"dataset":"endpoint.events.network","namespace":"default","type":"logs"}}
        {"@timestamp":"2024-05-01T12:00:03.000Z","event":{"id":"a4","category":["process"],"type":["start"]},"process":{"name":"cat"},"host":{"os":{"type":"windows"}},"data_stream":{"dataset":"endpoint.events.process","namespace":"default","type":"logs"}}
        """;

    private static JsonObject KqlRule(string query, string ruleId, JsonArray? filters = null)
    {
        var rule = TestData.RuleJson(r =>
        {
            r["type"] = "query";
            r["language"] = "kuery";
            r["query"] = query;
            r["rule_id"] = ruleId;
            r["id"] = ruleId;
            r["index"] = new JsonArray("logs-endpoint.events.*");
            if (filters is not null)
            {
                r["filters"] = filters;
            }
        });
        return rule;
    }

    private static PreparedRule Prepare(JsonObject json)
    {
        var problems = new List<string>();
        var prepared = RulePreparer.Prepare(json, "", problems);
        Assert.True(prepared is not null, string.Join("\n", problems));
        return prepared!;
    }

    private static string WriteEvents()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-kql-{Guid.NewGuid():N}.ndjson");
        File.WriteAllText(path, Events.Replace("\r", "", StringComparison.Ordinal) + "\n");
        return path;
    }

    private static ScanResult Collected(IReadOnlyList<PreparedRule> rules, string path)
    {
        var collector = new EventCollector();
        InputReader.Read([path], collector);
        return new DetectionEngine().Run(rules, collector.Events, new ScanOptions());
    }

    private static ScanResult Streamed(IReadOnlyList<PreparedRule> rules, string path, int threads)
    {
        var options = new ScanOptions();
        Assert.True(StreamingHunt.CanStream(rules, options));
        var hunt = new StreamingHunt(rules, options);
        InputReader.Read([path], hunt, new ReaderOptions { Prefilter = hunt.Prefilter, WorkerFilter = hunt.WorkerFilter, Threads = threads });
        return hunt.Finish();
    }

    private static List<string> EventIds(ScanResult result, string ruleId) =>
        result.Alerts.Where(a => (string?)AlertJsonWriter.SourceAsObject(a)["kibana.alert.rule.rule_id"] == ruleId)
            .Select(a => (string)AlertJsonWriter.SourceAsObject(a)["kibana.alert.original_event.id"]!).ToList();

    [Fact]
    public void OneAlertPerMatchingEventWithKibanasSingleEventId()
    {
        var path = WriteEvents();
        try
        {
            var rule = Prepare(KqlRule("event.category:process and process.name:cat and host.os.type:linux", "kql-1"));
            var result = Collected([rule], path);
            Assert.Equal(["a1"], EventIds(result, "kql-1"));
            var alert = Assert.Single(result.Alerts);
            var s = AlertJsonWriter.SourceAsObject(alert);
            Assert.Equal("query", (string?)s["kibana.alert.rule.type"]);
            // Kibana's generateId: sha256(index + id + version + "default:" + rule uuid), as for an EQL event match.
            var index = (string)s["kibana.alert.ancestors"]![0]!["index"]!;
            var id = (string)s["kibana.alert.ancestors"]![0]!["id"]!;
            Assert.Equal(TestData.Sha256(index + id + "undefined" + "default:" + "kql-1"), alert.Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void StreamingHuntGivesTheSameAlertsBesideEqlRules(int threads)
    {
        var path = WriteEvents();
        try
        {
            PreparedRule[] rules =
            [
                Prepare(KqlRule("process.name:cat and not destination.ip:10.0.0.0/8", "kql-2")),
                Prepare(KqlRule("process.name:(cat or Cat) and host.os.type:linux", "kql-3")),
                Prepare(TestData.RuleJson(r =>
                {
                    r["query"] = "process where process.name : \"cat\"";
                    r["index"] = new JsonArray("logs-endpoint.events.*");
                })),
            ];
            var collected = Collected(rules, path);
            var streamed = Streamed(rules, path, threads);
            Assert.Equal(["a3", "a4"], EventIds(collected, "kql-2"));
            Assert.Equal(["a1", "a2", "a3"], EventIds(collected, "kql-3"));
            Assert.Equal(collected.Alerts.Select(a => a.Id), streamed.Alerts.Select(a => a.Id));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FiltersAreAndedAndNegated()
    {
        var path = WriteEvents();
        try
        {
            // The shape of Elastic's rules: {"meta":{"negate":true},"query":{"wildcard":{...,"case_insensitive":true}}}.
            var filters = (JsonArray)JsonNode.Parse("""
                [{"meta":{"negate":true},"query":{"wildcard":{"process.name":{"value":"C?T","case_insensitive":true}}}},
                 {"meta":{"disabled":true},"query":{"match_phrase":{"host.os.type":"nothing"}}},
                 {"meta":{},"query":{"exists":{"field":"event.id"}}}]
                """)!;
            var rule = Prepare(KqlRule("event.category:process or event.category:network", "kql-4", filters));
            Assert.Empty(EventIds(Collected([rule], path), "kql-4"));
            var keep = (JsonArray)JsonNode.Parse("""[{"meta":{"negate":false},"query":{"match_phrase":{"host.os.type":"windows"}}}]""")!;
            Assert.Equal(["a4"], EventIds(Collected([Prepare(KqlRule("process.name:cat", "kql-5", keep))], path), "kql-5"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OtherRuleTypesWithKqlAreStillReported()
    {
        var problems = new List<string>();
        var json = KqlRule("process.name:cat", "kql-6");
        json["type"] = "threshold";
        Assert.Null(RulePreparer.Prepare(json, "", problems));
        Assert.NotEmpty(problems);
    }
}
