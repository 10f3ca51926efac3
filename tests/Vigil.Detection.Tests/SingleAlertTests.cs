using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Detection.Tests;

public sealed class SingleAlertTests
{
    private static (AlertDocument Alert, JsonObject Source) Build(string? baseUrl = null)
    {
        var builder = new AlertBuilder(TestData.Rule(), TestData.Context(baseUrl));
        var alert = builder.BuildSingle(new SourceEvent(TestData.ProcessIndex, "ev-1", TestData.ProcessEvent()))!;
        return (alert, AlertJsonWriter.SourceAsObject(alert));
    }

    [Fact]
    public void IdAndUuidFollowKibanasSingleEventFormula()
    {
        var (alert, s) = Build();
        var expected = TestData.Sha256(TestData.ProcessIndex + "ev-1" + "undefined" + "default:" + TestData.RuleUuid);
        Assert.Equal(expected, alert.Id);
        Assert.Equal(expected, (string?)s["kibana.alert.uuid"]);
    }

    [Fact]
    public void SourceIsCopiedWithoutKibanaSignalEventKindOrEmptyValues()
    {
        var (_, s) = Build();
        Assert.False(s.ContainsKey("kibana"));
        Assert.False(s.ContainsKey("threshold_result"));
        Assert.False(s.ContainsKey("tags"));      // empty array dropped
        Assert.False(s.ContainsKey("labels"));    // empty object dropped
        var ev = (JsonObject)s["event"]!;
        Assert.False(ev.ContainsKey("kind"));
        Assert.Equal("exec", (string?)ev["action"]);
        Assert.Equal("signal", (string?)s["event.kind"]);
        Assert.Equal("cat", (string?)s["process"]!["name"]);
    }

    [Fact]
    public void EventAndDataStreamAreCopiedFlattenedToOriginalFields()
    {
        var (_, s) = Build();
        Assert.Equal("event", (string?)s["kibana.alert.original_event.kind"]);
        Assert.Equal("exec", (string?)s["kibana.alert.original_event.action"]);
        Assert.Equal("process", (string?)s["kibana.alert.original_event.category"]![0]);
        Assert.Equal("e1", (string?)s["kibana.alert.original_event.id"]);
        Assert.Equal("endpoint.events.process", (string?)s["kibana.alert.original_data_stream.dataset"]);
        Assert.Equal("logs", (string?)s["kibana.alert.original_data_stream.type"]);
    }

    [Fact]
    public void AlertFieldsHaveKibanasValues()
    {
        var (_, s) = Build();
        Assert.Equal("2024-05-01T12:00:01.500Z", (string?)s["@timestamp"]);
        Assert.Equal("2024-05-01T11:58:00.123Z", (string?)s["kibana.alert.original_time"]);
        Assert.Equal("active", (string?)s["kibana.alert.status"]);
        Assert.Equal("open", (string?)s["kibana.alert.workflow_status"]);
        Assert.Empty(s["kibana.alert.workflow_tags"]!.AsArray());
        Assert.Empty(s["kibana.alert.workflow_assignee_ids"]!.AsArray());
        Assert.Equal(1, (int)s["kibana.alert.depth"]!);
        Assert.Equal("medium", (string?)s["kibana.alert.severity"]);
        Assert.Equal(47, (int)s["kibana.alert.risk_score"]!);
        Assert.Equal("default", (string?)s["kibana.space_ids"]![0]);
        Assert.Equal("9.2.0", (string?)s["kibana.version"]);
        Assert.Equal("2024-05-01T12:00:01.500Z", (string?)s["kibana.alert.start"]);
        Assert.Equal("2024-05-01T12:00:01.500Z", (string?)s["kibana.alert.last_detected"]);
        Assert.Equal("2024-05-01T12:00:01.500Z", (string?)s["kibana.alert.intended_timestamp"]);
        Assert.Equal("scheduled", (string?)s["kibana.alert.rule.execution.type"]);
        Assert.Equal("exec-1", (string?)s["kibana.alert.rule.execution.uuid"]);
        Assert.False(s.ContainsKey("kibana.alert.url"));
        Assert.False(s.ContainsKey("kibana.alert.building_block_type"));
    }

    [Fact]
    public void AncestorsNameTheEvent()
    {
        var (_, s) = Build();
        var ancestors = s["kibana.alert.ancestors"]!.AsArray();
        Assert.Single(ancestors);
        Assert.Equal("ev-1", (string?)ancestors[0]!["id"]);
        Assert.Equal("event", (string?)ancestors[0]!["type"]);
        Assert.Equal(TestData.ProcessIndex, (string?)ancestors[0]!["index"]);
        Assert.Equal(0, (int)ancestors[0]!["depth"]!);
        Assert.False(ancestors[0]!.AsObject().ContainsKey("rule"));
    }

    [Fact]
    public void RuleFieldsComeFromTheRuleWithKibanaDefaults()
    {
        var (_, s) = Build();
        Assert.Equal("Network Activity Detected via cat", (string?)s["kibana.alert.rule.name"]);
        Assert.Equal("afd04601-12fc-4149-9b78-9c3f8fe45d39", (string?)s["kibana.alert.rule.rule_id"]);
        Assert.Equal(TestData.RuleUuid, (string?)s["kibana.alert.rule.uuid"]);
        Assert.Equal("now-9m", (string?)s["kibana.alert.rule.from"]);
        Assert.Equal("now", (string?)s["kibana.alert.rule.to"]);
        Assert.Equal("5m", (string?)s["kibana.alert.rule.interval"]);
        Assert.Equal(100, (int)s["kibana.alert.rule.max_signals"]!);
        Assert.Equal(6, (int)s["kibana.alert.rule.version"]!);
        Assert.Equal("eql", (string?)s["kibana.alert.rule.type"]);
        Assert.Equal("siem", (string?)s["kibana.alert.rule.consumer"]);
        Assert.Equal("siem", (string?)s["kibana.alert.rule.producer"]);
        Assert.Equal("siem.eqlRule", (string?)s["kibana.alert.rule.rule_type_id"]);
        Assert.Equal("Event Correlation Rule", (string?)s["kibana.alert.rule.category"]);
        Assert.Equal("medium", (string?)s["kibana.alert.rule.severity"]);
        Assert.Equal(47, (int)s["kibana.alert.rule.risk_score"]!);
        Assert.Equal("logs-endpoint.events.process-*", (string?)s["kibana.alert.rule.indices"]![0]);
        Assert.Equal("OS: Linux", (string?)s["kibana.alert.rule.tags"]![1]);
        Assert.Equal("2024-01-01T00:00:00.000Z", (string?)s["kibana.alert.rule.created_at"]);
        Assert.Equal("", (string?)s["kibana.alert.rule.created_by"]);
        var p = (JsonObject)s["kibana.alert.rule.parameters"]!;
        Assert.Equal("afd04601-12fc-4149-9b78-9c3f8fe45d39", (string?)p["rule_id"]);
        Assert.Equal("sequence by host.id [process where true] [network where true]", (string?)p["query"]);
        Assert.Equal("internal", (string?)p["rule_source"]!["type"]);
        Assert.False(p.ContainsKey("name"));
        Assert.Equal(["description", "risk_score", "severity"], p.Select(kv => kv.Key).Take(3));
    }

    [Fact]
    public void KeysAreInKibanasWriteOrder()
    {
        var (_, s) = Build();
        var keys = s.Select(kv => kv.Key).ToList();
        Assert.Equal(["kibana.alert.rule.execution.timestamp", "kibana.alert.start", "kibana.alert.last_detected", "kibana.version"], keys.Take(4));
        // The event's own fields follow the persistence wrapper's, then the copies, then the alert fields.
        Assert.True(keys.IndexOf("process") < keys.IndexOf("kibana.alert.original_event.kind"));
        Assert.True(keys.IndexOf("kibana.alert.original_event.kind") < keys.IndexOf("event.kind"));
        Assert.True(keys.IndexOf("kibana.alert.ancestors") < keys.IndexOf("kibana.alert.intended_timestamp"));
    }

    [Fact]
    public void ReasonUsesKibanasTemplate()
    {
        var (_, s) = Build();
        Assert.Equal("process event with process cat, parent process bash, by root on host-1 created medium alert Network Activity Detected via cat.",
            (string?)s["kibana.alert.reason"]);
    }

    [Fact]
    public void UrlIsSetWithAPublicBaseUrl()
    {
        var (alert, s) = Build("https://kibana.example.com");
        Assert.Equal($"https://kibana.example.com/app/security/alerts/redirect/{alert.Id}?index=.alerts-security.alerts-default&timestamp=2024-05-01T12:00:01.500Z",
            (string?)s["kibana.alert.url"]);
    }

    [Fact]
    public void RuleMetaIsFlattened()
    {
        var rule = TestData.Rule(r => r["meta"] = new JsonObject { ["from"] = "1m", ["kibana_siem_app_url"] = "x" });
        var alert = new AlertBuilder(rule, TestData.Context()).BuildSingle(new SourceEvent("i", "e", TestData.ProcessEvent()))!;
        var s = AlertJsonWriter.SourceAsObject(alert);
        Assert.Equal("1m", (string?)s["kibana.alert.rule.meta.from"]);
        Assert.Equal("x", (string?)s["kibana.alert.rule.meta.kibana_siem_app_url"]);
    }

    [Fact]
    public void LoopGuardDropsAlertsOnThisRulesOwnAlerts()
    {
        var source = TestData.ProcessEvent();
        source["kibana.alert.uuid"] = "prior";
        source["kibana.alert.rule.uuid"] = TestData.RuleUuid;
        var builder = new AlertBuilder(TestData.Rule(), TestData.Context());
        Assert.Null(builder.BuildSingle(new SourceEvent(".alerts-security.alerts-default", "prior", source)));
    }

    [Fact]
    public void AnAlertOfAnotherRuleIsASignalAncestorWithItsAncestry()
    {
        var source = TestData.ProcessEvent();
        source.Remove("kibana");
        source["kibana.alert.uuid"] = "prior";
        source["kibana.alert.depth"] = 1;
        source["kibana.alert.rule.uuid"] = "other-rule";
        source["kibana.alert.ancestors"] = new JsonArray(new JsonObject { ["id"] = "e0", ["type"] = "event", ["index"] = "i0", ["depth"] = 0 });
        var alert = new AlertBuilder(TestData.Rule(), TestData.Context()).BuildSingle(new SourceEvent(".alerts-security.alerts-default", "prior", source))!;
        var s = AlertJsonWriter.SourceAsObject(alert);
        Assert.Equal(2, (int)s["kibana.alert.depth"]!);
        var a = s["kibana.alert.ancestors"]!.AsArray();
        Assert.Equal(["e0", "prior"], a.Select(x => (string?)x!["id"]));
        Assert.Equal("signal", (string?)a[1]!["type"]);
        Assert.Equal("other-rule", (string?)a[1]!["rule"]);
        Assert.Equal(1, (int)a[1]!["depth"]!);
    }

    [Fact]
    public void WrittenHitIsOneJsonObjectWithDottedKeys()
    {
        var (alert, _) = Build();
        var json = AlertJsonWriter.ToJson(alert, ".alerts-security.alerts-default");
        var hit = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(".alerts-security.alerts-default", (string?)hit["_index"]);
        Assert.Equal(alert.Id, (string?)hit["_id"]);
        Assert.Contains("\"kibana.alert.rule.name\":\"Network Activity Detected via cat\"", json);
        Assert.DoesNotContain("\n", json);
    }
}
