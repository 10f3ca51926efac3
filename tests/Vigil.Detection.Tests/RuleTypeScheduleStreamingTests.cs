using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.RuleTypes;
using Vigil.Events.Readers;

namespace Vigil.Detection.Tests;

/// <summary>
/// The rule types built on a KQL query (threshold, new_terms, threat_match) on the streaming schedule (each match
/// folded into the open execution windows that hold it, windows searched as event time passes their end) against the
/// collect-all schedule (<see cref="DetectionEngine.Run"/> with every event of the rule's indices at once): over random
/// events in time order with jitter inside the reorder window (ties, arrays, numbers beside strings, missing fields and
/// timestamps), with overlapping look-backs (threshold's signal history), new_terms' history window, small max_signals,
/// and missed executions (catch-up windows, gaps), the alerts must be the same bytes in the same order, with the same
/// rule messages and execution counts.
/// </summary>
public sealed class RuleTypeScheduleStreamingTests
{
    private static readonly DateTimeOffset Base = DateTimeOffset.Parse("2024-05-01T12:00:00Z", CultureInfo.InvariantCulture);

    private static readonly Gen<JsonNode?> User = Gen.Int[0, 6].Select(i => i switch
    {
        0 => (JsonNode?)"alice",
        1 => "bob",
        2 => "carol",
        3 => null,
        4 => 7,
        5 => "7",
        _ => new JsonArray("alice", "bob"),
    });

    private static readonly Gen<string?> Ip = Gen.Int[0, 3].Select(i => i switch
    {
        0 => "198.51.100.1",
        1 => "198.51.100.2",
        2 => "203.0.113.9",
        _ => (string?)null,
    });

    /// <summary>One authentication event at a time in the first ten minutes (-1: none), as (milliseconds, NDJSON).</summary>
    private static readonly Gen<(long Ms, string Line)> Event = Gen.Select(Gen.Int[-1, 600], Gen.Int[0, 2], User, Ip, Gen.Bool, Gen.Int[0, 999])
        .Select((second, host, user, ip, failure, millis) =>
        {
            var e = new JsonObject();
            // Millisecond ties are common, and some events sit right at a window's edge (whole seconds).
            var ms = second < 0 ? -1L : second * 1000L + millis % 3;
            if (second >= 0)
            {
                e["@timestamp"] = Base.AddMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            }
            e["event"] = new JsonObject { ["category"] = new JsonArray("authentication"), ["outcome"] = failure ? "failure" : "success" };
            e["host"] = new JsonObject { ["name"] = "h" + host.ToString(CultureInfo.InvariantCulture) };
            if (user is not null)
            {
                e["user"] = new JsonObject { ["name"] = user.DeepClone() };
            }
            if (ip is not null)
            {
                e["source"] = new JsonObject { ["ip"] = ip };
            }
            e["data_stream"] = new JsonObject { ["type"] = "logs", ["dataset"] = "system.auth", ["namespace"] = "default" };
            e["n"] = millis;
            return (Math.Max(ms, 0), e.ToJsonString());
        });

    // Every rule runs each minute over the last two (an event falls in two windows, so threshold's signal history
    // matters); new_terms looks back five minutes.
    private static PreparedRule Rule(string id, Action<JsonObject> edit) => TestData.PrepareKqlAuthRule(r =>
    {
        r["id"] = "uuid-" + id;
        r["rule_id"] = id;
        r["name"] = id;
        r["type"] = "query";
        r["from"] = "now-120s";
        r["interval"] = "1m";
        edit(r);
    });

    // A plain query rule first: the session writes the query rules' alerts first, then the rule types', in rule order.
    private static readonly PreparedRule[] Rules =
    [
        Rule("q", r => r["query"] = "event.outcome:failure and user.name:alice"),
        Rule("th-user-host", r =>
        {
            r["type"] = "threshold";
            r["query"] = "event.outcome:failure";
            r["threshold"] = JsonNode.Parse("""{"field":["host.name","user.name"],"value":2,"cardinality":[{"field":"source.ip","value":2}]}""");
        }),
        Rule("th-user", r =>
        {
            r["type"] = "threshold";
            r["query"] = "event.category:authentication";
            r["max_signals"] = 3;
            r["threshold"] = JsonNode.Parse("""{"field":"user.name","value":2}""");
        }),
        Rule("th-none", r =>
        {
            r["type"] = "threshold";
            r["query"] = "event.outcome:success";
            r["threshold"] = JsonNode.Parse("""{"field":[],"value":3}""");
        }),
        Rule("nt-user", r =>
        {
            r["type"] = "new_terms";
            r["query"] = "event.category:authentication";
            r["new_terms_fields"] = new JsonArray("user.name");
            r["history_window_start"] = "now-5m";
        }),
        Rule("nt-host-user", r =>
        {
            r["type"] = "new_terms";
            r["query"] = "event.outcome:success or source.ip:198.51.100.1";
            r["max_signals"] = 2;
            r["new_terms_fields"] = new JsonArray("host.name", "user.name");
            r["history_window_start"] = "now-4m";
        }),
        Rule("tm-ip", r =>
        {
            r["type"] = "threat_match";
            r["query"] = "source.ip:*";
            r["max_signals"] = 2;
            r["threat_query"] = "threat.indicator.type:\"ipv4-addr\"";
            r["threat_mapping"] = JsonNode.Parse("""[{"entries":[{"field":"source.ip","type":"mapping","value":"threat.indicator.ip"}]},{"entries":[{"field":"user.name","type":"mapping","value":"threat.indicator.user"}]}]""");
        }),
    ];

    private static readonly List<ThreatIndicator> Indicators = TestData.AuthThreatIndicators();

    /// <summary>
    /// The default schedule (from the first event), or given execution times each minute from before the first event
    /// with some missed (catch-up windows) and a hole of several minutes (a gap Kibana reports).
    /// </summary>
    private static readonly Gen<ScanOptions> Options = Gen.Select(Gen.Bool, Gen.Int[0, 3].Array[14], Gen.Int[1, 12])
        .Select((explicitTimes, drops, hole) =>
        {
            var options = new ScanOptions { Schedule = true, Now = Base.AddMinutes(30), ThreatIndicators = Indicators };
            if (!explicitTimes)
            {
                return options;
            }
            var times = new List<DateTimeOffset>();
            for (var k = 0; k < drops.Length; k++)
            {
                if (k == 0 || (drops[k] != 0 && (k < hole || k >= hole + 4)))
                {
                    times.Add(Base.AddSeconds(-30 + 60 * k));
                }
            }
            return options with { ExecutionTimes = times };
        });

    private static string Render(ScanResult result)
    {
        var output = new MemoryStream();
        AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
        var text = new StringBuilder(Encoding.UTF8.GetString(output.ToArray()));
        foreach (var m in result.Messages)
        {
            text.Append("message ").AppendLine(m.ToString());
        }
        foreach (var s in result.Stats)
        {
            text.Append(CultureInfo.InvariantCulture, $"stats {s.RuleId} {s.Executions} {s.Matches} {s.AlertsCreated} {s.DuplicatesDropped} {s.Suppressed}").AppendLine();
        }
        return text.ToString();
    }

    private static byte[] Input((long Ms, string Line)[] events)
    {
        // Time order, then neighbours less than a second apart swapped: jitter well inside the 5 s reorder window.
        var lines = events.OrderBy(static e => e.Ms).ToList();
        for (var i = 1; i < lines.Count; i += 2)
        {
            if (lines[i].Ms - lines[i - 1].Ms < 1000)
            {
                (lines[i], lines[i - 1]) = (lines[i - 1], lines[i]);
            }
        }
        return Encoding.UTF8.GetBytes(string.Join("\n", lines.Select(static l => l.Line)) + "\n");
    }

    [Fact]
    public void StreamedRuleTypesOnTheScheduleGiveTheCollectAllScheduleAlerts()
    {
        int withAlerts = 0, withHistory = 0, withMaxSignals = 0, withGaps = 0;
        var alertedTypes = new HashSet<string>(StringComparer.Ordinal);
        Gen.Select(Event.Array[0, 60], Options).Sample((events, options) =>
        {
            var input = Input(events);
            var collector = new EventCollector();
            InputReader.ReadStream(new MemoryStream(input), "events.ndjson", collector);
            var expected = new DetectionEngine().Run(Rules, collector.Events, options);

            var session = new DetectionSession(Rules, options);
            InputReader.ReadStream(new MemoryStream(input), "events.ndjson", session, session.ReaderOptions(validateJson: false, threads: 1));
            var actual = session.Finish();
            // The rule types really streamed: nothing was collected for the collect-all engine.
            Assert.False(session.CollectsEvents);
            Assert.Equal(Render(expected), Render(actual));

            withAlerts += expected.Alerts.Count > 0 ? 1 : 0;
            withMaxSignals += expected.Messages.Any(m => m.Text == DetectionEngine.MaxSignalsWarning) ? 1 : 0;
            withGaps += expected.Messages.Any(m => m.Text.Contains("were not queried", StringComparison.Ordinal)) ? 1 : 0;
            // Threshold's history at work: a bucket alerted once and then not again in the overlapping window.
            withHistory += expected.Stats.Any(s => s.RuleId.StartsWith("th-", StringComparison.Ordinal) && s.Executions > 1 && s.AlertsCreated > 0) ? 1 : 0;
            foreach (var alert in expected.Alerts)
            {
                alertedTypes.Add((string?)AlertJsonWriter.SourceAsObject(alert)["kibana.alert.rule.type"] ?? "");
            }
        }, iter: 200, threads: 1);
        // The comparison must not be vacuous: every type alerted, with max_signals cuts and gaps among the samples.
        Assert.True(withAlerts > 100 && withMaxSignals > 0 && withGaps > 0 && withHistory > 0,
            $"alerts {withAlerts}, max_signals {withMaxSignals}, gaps {withGaps}, history {withHistory}");
        Assert.Superset(new HashSet<string> { "query", "threshold", "new_terms", "threat_match" }, alertedTypes);
    }
}
