using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.RuleTypes;

namespace Vigil.Detection.Tests;

/// <summary>
/// Threshold, new_terms and threat_match alerts against values computed outside Vigil (Python's uuid5, sha1 and
/// sha256 over the strings Kibana's code builds, read in its sources; see docs/rules.md).
/// </summary>
public sealed class RuleTypeTests
{
    private static ScanEvent Event(string index, string id, string json, int line) =>
        new(index, id, Encoding.UTF8.GetBytes(json), "test", line);

    private static string Auth(string time, string user, string ip, string outcome) =>
        $$$"""{"@timestamp":"{{{time}}}","event":{"category":["authentication"],"outcome":"{{{outcome}}}"},"host":{"name":"h1"},"user":{"name":"{{{user}}}"},"source":{"ip":"{{{ip}}}"}}""";

    private static PreparedRule Prepare(Action<JsonObject> edit) => TestData.PrepareKqlAuthRule(edit);

    private static PreparedRule Threshold() => Prepare(r =>
    {
        r["type"] = "threshold";
        r["id"] = "uuid-th";
        r["rule_id"] = "r-th";
        r["query"] = "event.outcome:failure";
        r["threshold"] = JsonNode.Parse("""{"field":["host.name","user.name"],"value":3,"cardinality":[{"field":"source.ip","value":2}]}""");
    });

    private static readonly ScanEvent[] Failures =
    [
        Event("logs-system.auth-default", "e1", Auth("2024-05-01T12:00:00.000Z", "alice", "198.51.100.1", "failure"), 1),
        Event("logs-system.auth-default", "e2", Auth("2024-05-01T12:00:30.000Z", "alice", "198.51.100.2", "failure"), 2),
        Event("logs-system.auth-default", "e3", Auth("2024-05-01T12:01:30.000Z", "alice", "198.51.100.1", "failure"), 3),
        Event("logs-system.auth-default", "e4", Auth("2024-05-01T12:01:10.000Z", "bob", "198.51.100.1", "failure"), 4),
    ];

    private static ScanOptions At(params string[] starts) => new()
    {
        Schedule = true,
        ExecutionTimes = [.. starts.Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture))],
    };

    [Fact]
    public void ThresholdAlertHasKibanasIdsTimesAndResult()
    {
        var result = new DetectionEngine().Run([Threshold()], Failures, At("2024-05-01T12:05:00.000Z"));

        var alert = Assert.Single(result.Alerts);
        // uuid5(0684ec03-…, "r-th" + "2024-05-01T12:05:00.000Z" + "host.name,user.name" + "alice,h1") = 922d9c6b-…;
        // sha256("logs-system.auth-*" + that + "undefined" + "default:uuid-th"):
        Assert.Equal("c901a13b0ea09dd1b1ba48cffec289fc3c0d11c294b02076a0c0e20ab9540df8", alert.Id);
        Assert.Equal("""{"cardinality":[{"field":"source.ip","value":2}],"count":3,"from":"2024-05-01T12:00:00.000Z","terms":[{"field":"host.name","value":"h1"},{"field":"user.name","value":"alice"}]}""",
            alert.Source["kibana.alert.threshold_result"]!.ToJsonString());
        Assert.Equal("2024-05-01T12:01:30.000Z", alert.Source["kibana.alert.original_time"]!.GetValue<string>());
        Assert.Equal("2024-05-01T12:05:00.000Z", alert.Source["@timestamp"]!.GetValue<string>());
        Assert.Equal("h1", alert.Source["host.name"]!.GetValue<string>());
        Assert.Equal("922d9c6b-3af8-5818-8a92-0da1bc9d48b1", alert.Source["kibana.alert.ancestors"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("siem.thresholdRule", alert.Source["kibana.alert.rule.rule_type_id"]!.GetValue<string>());
    }

    [Fact]
    public void ThresholdDoesNotAlertTheSameEventsInAnOverlappingExecution()
    {
        // 12:05 searches [11:56, 12:05], 12:10 searches [12:01, 12:10]: of alice's alerted group only e3 (12:01:30) is in
        // both; the history (alice@h1 up to 12:01:30, kept as it is after 12:01) removes it, so e5 and e6 make 2 < 3.
        // Without the history e3, e5, e6 would reach 3 with two addresses and alert again.
        var events = Failures.Append(Event("logs-system.auth-default", "e5", Auth("2024-05-01T12:06:00.000Z", "alice", "198.51.100.2", "failure"), 5))
            .Append(Event("logs-system.auth-default", "e6", Auth("2024-05-01T12:06:10.000Z", "alice", "198.51.100.2", "failure"), 6)).ToList();
        var result = new DetectionEngine().Run([Threshold()], events, At("2024-05-01T12:05:00.000Z", "2024-05-01T12:10:00.000Z"));

        Assert.Single(result.Alerts);
    }

    [Fact]
    public void NewTermsAlertIdIsObjectHashOfTheEventAndTerms()
    {
        var rule = Prepare(r =>
        {
            r["type"] = "new_terms";
            r["id"] = "uuid-nt";
            r["query"] = "event.outcome:success";
            r["new_terms_fields"] = new JsonArray("user.name");
            r["history_window_start"] = "now-7d";
        });
        var events = new[] { Event("logs-system.auth-x", "eid", Auth("2024-05-01T12:00:00.000Z", "alice", "198.51.100.1", "success"), 1) };

        var alert = Assert.Single(new DetectionEngine().Run([rule], events, new ScanOptions()).Alerts);

        // sha1("array:5:string:18:logs-system.auth-xstring:3:eidstring:9:undefinedstring:15:default:uuid-ntarray:1:string:5:alice")
        Assert.Equal("e617631ab70f000b386dd65024c4afdc4f679fdb", alert.Id);
        Assert.Equal("""["alice"]""", alert.Source["kibana.alert.new_terms"]!.ToJsonString());
        Assert.Equal(alert.Id, alert.Source["kibana.alert.uuid"]!.GetValue<string>());
    }

    // The indicators carry @timestamp as Filebeat's threat-intel documents do.
    [Fact]
    public void ThreatMatchAlertCarriesKibanasEnrichment()
    {
        var rule = Prepare(r =>
        {
            r["type"] = "threat_match";
            r["id"] = "uuid-tm";
            r["query"] = "source.ip:*";
            r["threat_query"] = "threat.indicator.type:\"ipv4-addr\"";
            r["threat_mapping"] = JsonNode.Parse("""[{"entries":[{"field":"source.ip","type":"mapping","value":"threat.indicator.ip"}]}]""");
        });
        var indicator = (JsonObject)JsonNode.Parse("""{"@timestamp":"2024-05-01T00:00:00Z","threat":{"feed":{"name":"feed-a"},"indicator":{"type":"ipv4-addr","ip":"198.51.100.1"}}}""")!;
        var other = (JsonObject)JsonNode.Parse("""{"@timestamp":"2024-05-01T00:00:00Z","threat":{"indicator":{"type":"url","ip":"198.51.100.1"}}}""")!;
        var options = new ScanOptions { ThreatIndicators = [new ThreatIndicator("ti-idx", "ind1", indicator, "t", 1), new ThreatIndicator("ti-idx", "ind2", other, "t", 2)] };
        var events = new[]
        {
            Event("logs-system.auth-x", "eid", Auth("2024-05-01T12:00:00.000Z", "alice", "198.51.100.1", "success"), 1),
            Event("logs-system.auth-x", "eid2", Auth("2024-05-01T12:00:00.000Z", "alice", "198.51.100.7", "success"), 2),
        };

        var alert = Assert.Single(new DetectionEngine().Run([rule], events, options).Alerts);

        Assert.Equal("741654c4c0742b02f2c2e5d7e471239633f3bb79ab274f5bb5e46bb6a27eaf53", alert.Id);
        Assert.Equal("""{"enrichments":[{"indicator":{"type":"ipv4-addr","ip":"198.51.100.1"},"feed":{"name":"feed-a"},"matched":{"atomic":"198.51.100.1","field":"source.ip","id":"ind1","index":"ti-idx","type":"indicator_match_rule"}}]}""",
            alert.Source["threat"]!.ToJsonString());
    }

    // Kibana searches the indicator index with threat_query alone, without a time range: an indicator without
    // @timestamp still takes part, unless the query itself asks for a time (then it has no value to compare).
    [Theory]
    [InlineData("threat.indicator.type:\"ipv4-addr\"", true)]
    [InlineData("threat.indicator.type:\"ipv4-addr\" and @timestamp >= \"2020-01-01\"", false)]
    public void An_indicator_without_a_timestamp_is_matched_as_kibana_matches_it(string threatQuery, bool alerts)
    {
        var rule = Prepare(r =>
        {
            r["type"] = "threat_match";
            r["id"] = "uuid-tm";
            r["query"] = "source.ip:*";
            r["threat_query"] = threatQuery;
            r["threat_mapping"] = JsonNode.Parse("""[{"entries":[{"field":"source.ip","type":"mapping","value":"threat.indicator.ip"}]}]""");
        });
        var indicator = (JsonObject)JsonNode.Parse("""{"threat":{"indicator":{"type":"ipv4-addr","ip":"198.51.100.1"}}}""")!;
        var options = new ScanOptions { ThreatIndicators = [new ThreatIndicator("ti-idx", "ind1", indicator, "t", 1)] };
        var events = new[] { Event("logs-system.auth-x", "eid", Auth("2024-05-01T12:00:00.000Z", "alice", "198.51.100.1", "success"), 1) };

        var found = new DetectionEngine().Run([rule], events, options).Alerts;

        Assert.Equal(alerts ? 1 : 0, found.Count);
        if (alerts)
        {
            Assert.Equal("ind1", found[0].Source["threat"]!["enrichments"]![0]!["matched"]!["id"]!.GetValue<string>());
        }
    }
    // threat_filters (filter bar entries of the indicator search) are ANDed with threat_query, as a rule's filters
    // with its query: of two indicators for the same address only the one the filter keeps (or, negated, the other)
    // enriches the alert.
    [Theory]
    [InlineData(false, "ind-a")]
    [InlineData(true, "ind-b")]
    public void Threat_filters_select_the_indicators_with_threat_query(bool negate, string expectedIndicator)
    {
        var rule = Prepare(r =>
        {
            r["type"] = "threat_match";
            r["id"] = "uuid-tm";
            r["query"] = "source.ip:*";
            r["threat_query"] = "threat.indicator.type:\"ipv4-addr\"";
            r["threat_filters"] = JsonNode.Parse("""[{"meta":{"negate":NEGATE,"disabled":false},"query":{"match_phrase":{"threat.feed.name":"feed-a"}}}]"""
                .Replace("NEGATE", negate ? "true" : "false", StringComparison.Ordinal));
            r["threat_mapping"] = JsonNode.Parse("""[{"entries":[{"field":"source.ip","type":"mapping","value":"threat.indicator.ip"}]}]""");
        });
        var a = (JsonObject)JsonNode.Parse("""{"@timestamp":"2024-05-01T00:00:00Z","threat":{"feed":{"name":"feed-a"},"indicator":{"type":"ipv4-addr","ip":"198.51.100.1"}}}""")!;
        var b = (JsonObject)JsonNode.Parse("""{"@timestamp":"2024-05-01T00:00:00Z","threat":{"feed":{"name":"feed-b"},"indicator":{"type":"ipv4-addr","ip":"198.51.100.1"}}}""")!;
        var options = new ScanOptions { ThreatIndicators = [new ThreatIndicator("ti-idx", "ind-a", a, "t", 1), new ThreatIndicator("ti-idx", "ind-b", b, "t", 2)] };
        var events = new[] { Event("logs-system.auth-x", "eid", Auth("2024-05-01T12:00:00.000Z", "alice", "198.51.100.1", "success"), 1) };

        var alert = Assert.Single(new DetectionEngine().Run([rule], events, options).Alerts);

        var enrichment = Assert.Single(alert.Source["threat"]!["enrichments"]!.AsArray())!;
        Assert.Equal(expectedIndicator, enrichment["matched"]!["id"]!.GetValue<string>());
    }
}
