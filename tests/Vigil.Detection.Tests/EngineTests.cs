using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Exceptions;

namespace Vigil.Detection.Tests;

public sealed class EngineTests
{
    /// <summary>Every event with "hit": true matches (an event query), in time order.</summary>
    private sealed class HitMatcher : IRuleMatcher
    {
        public int Calls { get; private set; }

        public IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems)
        {
            Calls++;
            return events
                .Select(e => (e, j: JsonNode.Parse(e.Json.Span)!))
                .Where(p => (bool?)p.j["hit"] == true)
                .OrderBy(p => DateTimeOffset.Parse((string)p.j["@timestamp"]!))
                .Select(p => new RuleMatch([p.e], false))
                .ToList();
        }
    }

    private static ScanEvent Event(string id, string time, bool hit = true, string index = TestData.ProcessIndex, string extra = "")
    {
        var json = $$"""{"@timestamp":"{{time}}","hit":{{(hit ? "true" : "false")}},"process":{"name":"cat"}{{extra}}}""";
        return new ScanEvent(index, id, Encoding.UTF8.GetBytes(json), "test", 1);
    }

    private static PreparedRule Rule(IRuleMatcher matcher, Action<JsonObject>? edit = null)
    {
        var rule = TestData.Rule(edit);
        return new PreparedRule(rule, matcher, new IndexPatternMatcher(rule.Index));
    }

    private static readonly DateTimeOffset T = DateTimeOffset.Parse("2024-05-01T12:00:00Z");

    [Fact]
    public void HuntCreatesOneAlertPerMatchWithoutAMaxSignalsCap()
    {
        var events = Enumerable.Range(0, 150).Select(i => Event($"e{i}", T.AddSeconds(i).ToString("o"))).ToList();
        var result = new DetectionEngine().Run([Rule(new HitMatcher())], events, new ScanOptions { Now = T });
        Assert.Equal(150, result.Alerts.Count);
        Assert.Empty(result.Messages);
    }

    [Fact]
    public void MaxSignalsKeepsTheLatestMatchesAndWarns()
    {
        var events = Enumerable.Range(0, 5).Select(i => Event($"e{i}", T.AddSeconds(i).ToString("o"))).ToList();
        var result = new DetectionEngine().Run([Rule(new HitMatcher(), r => r["max_signals"] = 3)], events,
            new ScanOptions { Now = T, HuntMaxSignals = true });
        Assert.Equal(3, result.Alerts.Count);
        var ancestorIds = result.Alerts.Select(a => (string?)AlertJsonWriter.SourceAsObject(a)["kibana.alert.ancestors"]![0]!["id"]).ToList();
        Assert.Equal(["e2", "e3", "e4"], ancestorIds);
        Assert.Equal(DetectionEngine.MaxSignalsWarning, result.Messages.Single().Text);
    }

    [Fact]
    public void ExactlyMaxSignalsMatchesStillWarns()
    {
        var events = Enumerable.Range(0, 3).Select(i => Event($"e{i}", T.AddSeconds(i).ToString("o"))).ToList();
        var result = new DetectionEngine().Run([Rule(new HitMatcher(), r => r["max_signals"] = 3)], events,
            new ScanOptions { Now = T, HuntMaxSignals = true });
        Assert.Equal(3, result.Alerts.Count);
        Assert.Single(result.Messages);
    }

    [Fact]
    public void OverlappingScheduledWindowsNeverDuplicateAndIdsEqualTheHunts()
    {
        // Events every minute for 30 minutes; 5m interval, 9m look-back: most events fall in two windows.
        var events = Enumerable.Range(0, 30).Select(i => Event($"e{i}", T.AddMinutes(i).ToString("o"))).ToList();
        var matcher = new HitMatcher();
        var scheduled = new DetectionEngine().Run([Rule(matcher)], events, new ScanOptions { Schedule = true, Start = T });
        var hunt = new DetectionEngine().Run([Rule(new HitMatcher())], events, new ScanOptions { Now = T });
        Assert.Equal(30, scheduled.Alerts.Count);
        Assert.Equal(hunt.Alerts.Select(a => a.Id).Order(), scheduled.Alerts.Select(a => a.Id).Order());
        Assert.True(scheduled.Stats[0].DuplicatesDropped > 0);
        // Executions at T, T+5m, ... T+30m (the first at or after the last event).
        Assert.Equal(7, scheduled.Stats[0].Executions);
        // Each alert's @timestamp is its execution's start (the default clock).
        var first = AlertJsonWriter.SourceAsObject(scheduled.Alerts[0]);
        Assert.Equal("2024-05-01T12:00:00.000Z", (string?)first["@timestamp"]);
    }

    [Fact]
    public void RerunningTheScheduleGivesIdenticalIds()
    {
        var events = Enumerable.Range(0, 12).Select(i => Event($"e{i}", T.AddMinutes(i).ToString("o"))).ToList();
        var a = new DetectionEngine().Run([Rule(new HitMatcher())], events, new ScanOptions { Schedule = true, Start = T });
        var b = new DetectionEngine().Run([Rule(new HitMatcher())], events, new ScanOptions { Schedule = true, Start = T });
        Assert.Equal(a.Alerts.Select(x => x.Id), b.Alerts.Select(x => x.Id));
    }

    [Fact]
    public void MissedExecutionsReportAGapAndEventsInItAreMissed()
    {
        var events = new List<ScanEvent> { Event("early", T.AddMinutes(-30).ToString("o")), Event("late", T.AddMinutes(59).ToString("o")) };
        var result = new DetectionEngine().Run([Rule(new HitMatcher())], events, new ScanOptions
        {
            Schedule = true,
            ExecutionTimes = [T, T.AddHours(1)],
        });
        // Second run: gap 51m, 4 catch-ups back to T+31m; the run at T saw [T-9m, T]: "early" (T-30m) is never seen.
        Assert.Single(result.Alerts);
        var gap = result.Messages.Single(m => m.IsError);
        Assert.StartsWith("31 minutes (1860000ms) were not queried", gap.Text);
    }

    [Fact]
    public void TimestampOverrideFallsBackToTimestamp()
    {
        var withIngested = Event("a", T.AddHours(-5).ToString("o"), extra: $$""","event":{"ingested":"{{T.AddMinutes(-1):o}}"}""");
        var without = Event("b", T.AddMinutes(-2).ToString("o"));
        var rule = Rule(new HitMatcher(), r => r["timestamp_override"] = "event.ingested");
        var result = new DetectionEngine().Run([rule], [withIngested, without], new ScanOptions { Schedule = true, ExecutionTimes = [T] });
        Assert.Equal(2, result.Alerts.Count);
        var disabled = Rule(new HitMatcher(), r => { r["timestamp_override"] = "event.ingested"; r["timestamp_override_fallback_disabled"] = true; });
        var strict = new DetectionEngine().Run([disabled], [withIngested, without], new ScanOptions { Schedule = true, ExecutionTimes = [T] });
        Assert.Single(strict.Alerts);
    }

    [Fact]
    public void RulesOnlySeeTheirIndices()
    {
        var events = new List<ScanEvent>
        {
            Event("p", T.ToString("o")),
            Event("w", T.ToString("o"), index: "logs-windows.sysmon_operational-default"),
            Event("ds", T.ToString("o"), index: ".ds-logs-endpoint.events.network-default-2024.05.01-000001"),
        };
        var result = new DetectionEngine().Run([Rule(new HitMatcher())], events, new ScanOptions { Now = T });
        Assert.Equal(2, result.Alerts.Count);
        Assert.Equal(2, result.Stats[0].EventsInIndex);
    }

    [Fact]
    public void ExceptionsRemoveEventsBeforeMatching()
    {
        var set = new ExceptionListSet();
        ExceptionListLoader.LoadNdjson("""{"item_id":"a","list_id":"trusted","name":"A","entries":[{"field":"user.name","operator":"included","type":"match","value":"svc"}]}""", "x", set, []);
        var events = new List<ScanEvent> { Event("a", T.ToString("o"), extra: ""","user":{"name":"svc"}"""), Event("b", T.ToString("o")) };
        var rule = Rule(new HitMatcher(), r => r["exceptions_list"] = new JsonArray(new JsonObject
        {
            ["id"] = "x", ["list_id"] = "trusted", ["namespace_type"] = "single", ["type"] = "detection",
        }));
        var result = new DetectionEngine().Run([rule], events, new ScanOptions { Now = T, ExceptionLists = set });
        Assert.Single(result.Alerts);
        Assert.Equal(1, result.Stats[0].EventsExcepted);
        var missing = new DetectionEngine().Run([rule], events, new ScanOptions { Now = T });
        Assert.Equal(2, missing.Alerts.Count);
        Assert.Contains("trusted", missing.Messages.Single().Text);
    }

    [Fact]
    public void SuppressionInHuntFoldsAlertsPerGroup()
    {
        var events = new List<ScanEvent>
        {
            Event("a", T.AddSeconds(1).ToString("o"), extra: ""","host":{"name":"h1"}"""),
            Event("b", T.AddSeconds(2).ToString("o"), extra: ""","host":{"name":"h1"}"""),
            Event("c", T.AddSeconds(3).ToString("o"), extra: ""","host":{"name":"h2"}"""),
            Event("d", T.AddSeconds(4).ToString("o")),
        };
        var rule = Rule(new HitMatcher(), r => r["alert_suppression"] = new JsonObject { ["group_by"] = new JsonArray("host.name"), ["missing_fields_strategy"] = "doNotSuppress" });
        var result = new DetectionEngine().Run([rule], events, new ScanOptions { Now = T });
        Assert.Equal(3, result.Alerts.Count);
        var h1 = result.Alerts.Select(AlertJsonWriter.SourceAsObject).Single(s => (string?)s["host"]?["name"] == "h1");
        Assert.Equal(1, (long)h1["kibana.alert.suppression.docs_count"]!);
        Assert.Equal(ObjectHashOf("h1", TestData.RuleUuid), (string?)h1["kibana.alert.instance.id"]);
        var unsuppressed = result.Alerts.Select(AlertJsonWriter.SourceAsObject).Single(s => s["host"] is null);
        Assert.False(unsuppressed.ContainsKey("kibana.alert.instance.id"));
    }

    private static string ObjectHashOf(string host, string rule) =>
        Suppression.ObjectHash.InstanceId([new Suppression.SuppressionTerm("host.name", new JsonArray(host))], rule, "default");
}
