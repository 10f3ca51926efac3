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
/// The streaming hunt of the rule types built on a KQL query (threshold, new_terms, threat_match: their query through
/// the shared prefilter and query set, each match folded into the type's groups as it is found) against the
/// collect-all engine, which hands every event of the rule's indices to the type at once: over random events (ties in
/// time, input out of time order, arrays, numbers beside strings, missing fields and timestamps) the alerts must be
/// the same bytes in the same order, with and without a hunt range and max_signals, with one and two reader threads.
/// </summary>
public sealed class RuleTypeStreamingTests
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

    /// <summary>One authentication event as NDJSON (its index from data_stream); a few have no @timestamp.</summary>
    private static readonly Gen<string> Event = Gen.Select(Gen.Int[-1, 20], Gen.Int[0, 2], User, Ip, Gen.Bool, Gen.Int[0, 999])
        .Select((second, host, user, ip, failure, millis) =>
        {
            var e = new JsonObject();
            if (second >= 0)
            {
                // Millisecond ties are common: the range time and the time order agree only up to the millisecond.
                e["@timestamp"] = Base.AddSeconds(second).AddMilliseconds(millis % 3).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
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
            return e.ToJsonString();
        });

    private static PreparedRule Rule(string id, Action<JsonObject> edit) => TestData.PrepareKqlAuthRule(r =>
    {
        r["id"] = "uuid-" + id;
        r["rule_id"] = id;
        r["name"] = id;
        r["type"] = "query";
        edit(r);
    });

    // A plain query rule first: the session writes the non-aggregating rules' alerts first, as the engine does in rule order.
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
            r["threshold"] = JsonNode.Parse("""{"field":"user.name","value":1}""");
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
            r["history_window_start"] = "now-50s";
        }),
        Rule("nt-host-user", r =>
        {
            r["type"] = "new_terms";
            r["query"] = "event.outcome:success or source.ip:198.51.100.1";
            r["max_signals"] = 4;
            r["new_terms_fields"] = new JsonArray("host.name", "user.name");
            r["history_window_start"] = "now-55s";
        }),
        Rule("tm-ip", r =>
        {
            r["type"] = "threat_match";
            r["query"] = "source.ip:*";
            r["max_signals"] = 5;
            r["threat_query"] = "threat.indicator.type:\"ipv4-addr\"";
            r["threat_mapping"] = JsonNode.Parse("""[{"entries":[{"field":"source.ip","type":"mapping","value":"threat.indicator.ip"}]},{"entries":[{"field":"user.name","type":"mapping","value":"threat.indicator.user"}]}]""");
        }),
    ];

    private static readonly List<ThreatIndicator> Indicators = TestData.AuthThreatIndicators();

    /// <summary>Hunt options: an unbounded hunt, or --from/--to inside the events' times; max_signals on or off.</summary>
    private static readonly Gen<ScanOptions> Options = Gen.Select(Gen.Int[0, 2], Gen.Bool).Select((range, maxSignals) => new ScanOptions
    {
        Now = Base.AddMinutes(1),
        HuntFrom = range == 0 ? null : Base.AddSeconds(range == 1 ? 6 : 11),
        HuntTo = range == 0 ? null : Base.AddSeconds(range == 1 ? 16 : 30),
        HuntMaxSignals = maxSignals,
        ThreatIndicators = Indicators,
    });

    private static string Jsonl(ScanResult result)
    {
        var output = new MemoryStream();
        AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static ScanResult Collected(byte[] input, ScanOptions options)
    {
        var collector = new EventCollector();
        InputReader.ReadStream(new MemoryStream(input), "events.ndjson", collector);
        return new DetectionEngine().Run(Rules, collector.Events, options);
    }

    private static (ScanResult Result, DetectionSession Session) Streamed(byte[] input, ScanOptions options, int threads)
    {
        var session = new DetectionSession(Rules, options);
        InputReader.ReadStream(new MemoryStream(input), "events.ndjson", session, session.ReaderOptions(validateJson: false, threads));
        return (session.Finish(), session);
    }

    private static byte[] Input(string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    [Fact]
    public void StreamedRuleTypesGiveTheCollectAllAlerts()
    {
        var withAlerts = 0;
        Gen.Select(Event.Array[0, 40], Options, Gen.Int[1, 2]).Sample((lines, options, threads) =>
        {
            var input = Input(lines);
            var expected = Collected(input, options);
            var (actual, session) = Streamed(input, options, threads);
            // The rule types really streamed: the hunt had them all, no collect-all fallback.
            Assert.NotNull(session.Hunt);
            Assert.Equal(lines.Length, session.Hunt!.Stats.Records);
            Assert.Equal(Jsonl(expected), Jsonl(actual));
            Assert.Equal(expected.Messages.Select(m => m.ToString()), actual.Messages.Select(m => m.ToString()));
            if (expected.Alerts.Count > 0)
            {
                withAlerts++;
            }
        }, iter: 300);
        // The comparison must not be vacuous.
        Assert.True(withAlerts > 200, $"only {withAlerts} samples had alerts");
    }

    [Fact]
    public void EveryRuleTypeAlertsInTheComparedData()
    {
        // A fixed input on which each rule raises alerts, so the property above compares every type's output.
        var lines = new[]
        {
            """{"@timestamp":"2024-05-01T12:00:08.000Z","event":{"category":["authentication"],"outcome":"failure"},"host":{"name":"h1"},"user":{"name":"alice"},"source":{"ip":"198.51.100.1"},"data_stream":{"type":"logs","dataset":"system.auth","namespace":"default"}}""",
            """{"@timestamp":"2024-05-01T12:00:07.000Z","event":{"category":["authentication"],"outcome":"failure"},"host":{"name":"h1"},"user":{"name":"alice"},"source":{"ip":"198.51.100.2"},"data_stream":{"type":"logs","dataset":"system.auth","namespace":"default"}}""",
            """{"@timestamp":"2024-05-01T12:00:09.000Z","event":{"category":["authentication"],"outcome":"success"},"host":{"name":"h2"},"user":{"name":"carol"},"source":{"ip":"203.0.113.9"},"data_stream":{"type":"logs","dataset":"system.auth","namespace":"default"}}""",
            """{"@timestamp":"2024-05-01T12:00:09.000Z","event":{"category":["authentication"],"outcome":"success"},"host":{"name":"h2"},"user":{"name":"bob"},"data_stream":{"type":"logs","dataset":"system.auth","namespace":"default"}}""",
            """{"@timestamp":"2024-05-01T12:00:10.000Z","event":{"category":["authentication"],"outcome":"success"},"host":{"name":"h1"},"user":{"name":"bob"},"data_stream":{"type":"logs","dataset":"system.auth","namespace":"default"}}""",
        };
        var options = new ScanOptions { Now = Base.AddMinutes(1), ThreatIndicators = Indicators };
        var (result, _) = Streamed(Input(lines), options, threads: 1);
        var byRule = result.Alerts
            .GroupBy(a => (string)AlertJsonWriter.SourceAsObject(a)["kibana.alert.rule.rule_id"]!)
            .ToDictionary(g => g.Key, g => g.Count());
        // q: the two failures of alice; th-user-host: alice@h1 twice from two addresses; th-user: alice, bob, carol;
        // th-none: three successes; nt-user: alice, bob, carol; nt-host-user: h1/alice (via 198.51.100.1), h2/carol,
        // h2/bob, h1/bob; tm-ip: 198.51.100.1 (i1) and 203.0.113.9 + carol (i2); 198.51.100.2 is a url indicator.
        Assert.Equal(new Dictionary<string, int>
        {
            ["q"] = 2, ["th-user-host"] = 1, ["th-user"] = 3, ["th-none"] = 1, ["nt-user"] = 3, ["nt-host-user"] = 4, ["tm-ip"] = 2,
        }, byRule);
        Assert.Equal(Jsonl(Collected(Input(lines), options)), Jsonl(result));
    }
}
