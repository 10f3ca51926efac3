using System.Text;
using System.Text.Json.Nodes;
using Vigil.Detection.Engine;

namespace Vigil.Detection.Tests;

/// <summary>
/// alert_suppression on query and new_terms rules, with expectations written from Kibana's documented behaviour
/// (detect-and-alert/alert-suppression: one alert per group-by value set, docs_count = the alerts it stands for
/// minus one, suppression start/end = the earliest/latest event time; doNotSuppress alerts each event missing a
/// group-by value on its own).
/// </summary>
public sealed class RuleTypeSuppressionTests
{
    private static ScanEvent Event(string id, string time, string user, string? host, string outcome, int line)
    {
        var hostPart = host is null ? "" : "\"host\":{\"name\":\"" + host + "\"},";
        var json = "{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"authentication\"],\"outcome\":\"" + outcome +
            "\"}," + hostPart + "\"user\":{\"name\":\"" + user + "\"}}";
        return new("logs-system.auth-default", id, Encoding.UTF8.GetBytes(json), "test", line);
    }

    private static PreparedRule Prepare(Action<JsonObject> edit) => TestData.PrepareKqlAuthRule(edit);

    private static ScanOptions At(params string[] starts) => new()
    {
        Schedule = true,
        ExecutionTimes = [.. starts.Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture))],
    };

    private static string Terms(Vigil.Detection.Alerts.AlertDocument a) => a.Source["kibana.alert.suppression.terms"]!.ToJsonString();

    private static PreparedRule Query(string suppression) => Prepare(r =>
    {
        r["type"] = "query";
        r["query"] = "event.outcome:failure";
        r["alert_suppression"] = JsonNode.Parse(suppression);
    });

    [Fact]
    public void QueryRuleSuppressesPerExecutionByGroupBy()
    {
        var events = new[]
        {
            Event("e1", "2024-05-01T12:01:00.000Z", "alice", "h1", "failure", 1),
            Event("e2", "2024-05-01T12:02:00.000Z", "alice", "h1", "failure", 2),
            Event("e3", "2024-05-01T12:03:00.000Z", "alice", "h1", "failure", 3),
            Event("e4", "2024-05-01T12:02:30.000Z", "bob", "h1", "failure", 4),
        };
        var result = new DetectionEngine().Run([Query("""{"group_by":["user.name"]}""")], events, At("2024-05-01T12:05:00.000Z"));

        Assert.Equal(2, result.Alerts.Count);
        var alice = result.Alerts.Single(a => Terms(a).Contains("alice"));
        Assert.Equal(2L, alice.Source["kibana.alert.suppression.docs_count"]!.GetValue<long>());
        Assert.Equal("2024-05-01T12:01:00.000Z", alice.Source["kibana.alert.suppression.start"]!.GetValue<string>());
        Assert.Equal("2024-05-01T12:03:00.000Z", alice.Source["kibana.alert.suppression.end"]!.GetValue<string>());
        Assert.Equal("""[{"field":"user.name","value":["alice"]}]""", alice.Source["kibana.alert.suppression.terms"]!.ToJsonString());
        Assert.NotNull(alice.Source["kibana.alert.instance.id"]);
    }

    [Fact]
    public void QueryRuleWithDoNotSuppressAlertsEachEventMissingAGroupByValue()
    {
        var events = new[]
        {
            Event("e1", "2024-05-01T12:01:00.000Z", "alice", null, "failure", 1),
            Event("e2", "2024-05-01T12:02:00.000Z", "bob", null, "failure", 2),
            Event("e3", "2024-05-01T12:03:00.000Z", "carol", "h1", "failure", 3),
            Event("e4", "2024-05-01T12:04:00.000Z", "dave", "h1", "failure", 4),
        };
        var suppress = new DetectionEngine().Run([Query("""{"group_by":["host.name"],"missing_fields_strategy":"suppress"}""")], events, At("2024-05-01T12:05:00.000Z"));
        var dont = new DetectionEngine().Run([Query("""{"group_by":["host.name"],"missing_fields_strategy":"doNotSuppress"}""")], events, At("2024-05-01T12:05:00.000Z"));

        // suppress: the two without host.name form one group (value null), h1 another.
        Assert.Equal(2, suppress.Alerts.Count);
        // doNotSuppress: e1 and e2 alone, h1 still one alert.
        Assert.Equal(3, dont.Alerts.Count);
    }

    [Fact]
    public void QueryRuleWithADurationExtendsTheAlertOfTheEarlierExecution()
    {
        // Executions every 5m looking back 9m (TestData's rule): the 12:10 execution's new alice event is suppressed
        // into the 12:05 alert (started 5m ago, inside the 1h window), so one alert with docs_count 1 in all.
        var events = new[]
        {
            Event("e1", "2024-05-01T12:01:00.000Z", "alice", "h1", "failure", 1),
            Event("e2", "2024-05-01T12:08:00.000Z", "alice", "h1", "failure", 2),
        };
        var rule = Query("""{"group_by":["user.name"],"duration":{"value":1,"unit":"h"}}""");
        var result = new DetectionEngine().Run([rule], events, At("2024-05-01T12:05:00.000Z", "2024-05-01T12:10:00.000Z"));

        var alert = Assert.Single(result.Alerts);
        Assert.Equal(1L, alert.Source["kibana.alert.suppression.docs_count"]!.GetValue<long>());
        Assert.Equal("2024-05-01T12:08:00.000Z", alert.Source["kibana.alert.suppression.end"]!.GetValue<string>());
    }

    [Fact]
    public void QueryRuleWithoutADurationAlertsAgainInTheNextExecution()
    {
        var events = new[]
        {
            Event("e1", "2024-05-01T12:01:00.000Z", "alice", "h1", "failure", 1),
            Event("e2", "2024-05-01T12:08:00.000Z", "alice", "h1", "failure", 2),
        };
        var rule = Query("""{"group_by":["user.name"]}""");
        var result = new DetectionEngine().Run([rule], events, At("2024-05-01T12:05:00.000Z", "2024-05-01T12:10:00.000Z"));

        // 12:05 alerts e1. 12:10 searches [12:01, 12:10]: e1 again, whose alert id is already written (dropped first,
        // as Kibana filters existing ids before it suppresses), and e2; per execution, the 12:05 alert is not a
        // suppression target (other execution), so e2 is a second alert, docs_count 0.
        Assert.Equal(2, result.Alerts.Count);
        Assert.All(result.Alerts, a => Assert.Equal(0L, a.Source["kibana.alert.suppression.docs_count"]!.GetValue<long>()));
    }

    [Fact]
    public void NewTermsRuleSuppressesItsNewTermsByGroupBy()
    {
        // Three users new in the window, on two hosts: group_by host.name makes two alerts, h1's with docs_count 1.
        var rule = Prepare(r =>
        {
            r["type"] = "new_terms";
            r["query"] = "event.outcome:success";
            r["new_terms_fields"] = new JsonArray("user.name");
            r["history_window_start"] = "now-7d";
            r["alert_suppression"] = JsonNode.Parse("""{"group_by":["host.name"]}""");
        });
        var events = new[]
        {
            Event("e1", "2024-05-01T12:01:00.000Z", "alice", "h1", "success", 1),
            Event("e2", "2024-05-01T12:02:00.000Z", "bob", "h1", "success", 2),
            Event("e3", "2024-05-01T12:03:00.000Z", "carol", "h2", "success", 3),
        };
        var result = new DetectionEngine().Run([rule], events, At("2024-05-01T12:05:00.000Z"));

        Assert.Equal(2, result.Alerts.Count);
        var h1 = result.Alerts.Single(a => Terms(a).Contains("h1"));
        Assert.Equal(1L, h1.Source["kibana.alert.suppression.docs_count"]!.GetValue<long>());
        Assert.Equal("""["alice"]""", h1.Source["kibana.alert.new_terms"]!.ToJsonString());
    }

    private static PreparedRule Threshold(bool suppress) => Prepare(r =>
    {
        r["type"] = "threshold";
        r["id"] = "uuid-th";
        r["rule_id"] = "r-th";
        r["query"] = "event.outcome:failure";
        r["threshold"] = JsonNode.Parse("""{"field":["host.name","user.name"],"value":3}""");
        if (suppress)
        {
            // Threshold rules take only a duration: the threshold fields are the group.
            r["alert_suppression"] = JsonNode.Parse("""{"duration":{"value":1,"unit":"h"}}""");
        }
    });

    // alice fails 3 times before the 12:05 execution and 3 more times before 12:10 (the history keeps the 12:10
    // execution from counting the first three again: [12:01, 12:10] holds only the new ones).
    private static readonly ScanEvent[] TwoBursts =
    [
        Event("e1", "2024-05-01T12:00:00.000Z", "alice", "h1", "failure", 1),
        Event("e2", "2024-05-01T12:00:30.000Z", "alice", "h1", "failure", 2),
        Event("e3", "2024-05-01T12:01:30.000Z", "alice", "h1", "failure", 3),
        Event("e4", "2024-05-01T12:06:00.000Z", "alice", "h1", "failure", 4),
        Event("e5", "2024-05-01T12:07:00.000Z", "alice", "h1", "failure", 5),
        Event("e6", "2024-05-01T12:08:00.000Z", "alice", "h1", "failure", 6),
    ];

    [Fact]
    public void ThresholdWithoutSuppressionAlertsEachBurst()
    {
        var result = new DetectionEngine().Run([Threshold(false)], TwoBursts, At("2024-05-01T12:05:00.000Z", "2024-05-01T12:10:00.000Z"));
        Assert.Equal(2, result.Alerts.Count);
    }

    [Fact]
    public void ThresholdSuppressionUpdatesTheFirstBurstsAlert()
    {
        var result = new DetectionEngine().Run([Threshold(true)], TwoBursts, At("2024-05-01T12:05:00.000Z", "2024-05-01T12:10:00.000Z"));

        var alert = Assert.Single(result.Alerts);
        // object-hash of ["logs-system.auth-*", hit id of the 12:05 bucket (uuid5, see RuleTypeTests), "default:uuid-th"]
        Assert.Equal("d50d99107ab7c2cb44abd6ab586db2b580e88696", alert.Id);
        // object-hash of [["alice","h1"], "uuid-th", "default"]: the sorted values, without field names.
        Assert.Equal("74aea443084524e862a088cd7b21f292362a8e46", alert.Source["kibana.alert.instance.id"]!.GetValue<string>());
        Assert.Equal("""[{"field":"host.name","value":"h1"},{"field":"user.name","value":"alice"}]""",
            alert.Source["kibana.alert.suppression.terms"]!.ToJsonString());
        Assert.Equal("2024-05-01T12:00:00.000Z", alert.Source["kibana.alert.suppression.start"]!.GetValue<string>());
        Assert.Equal("2024-05-01T12:08:00.000Z", alert.Source["kibana.alert.suppression.end"]!.GetValue<string>());
        Assert.Equal(1L, alert.Source["kibana.alert.suppression.docs_count"]!.GetValue<long>());
    }
}
