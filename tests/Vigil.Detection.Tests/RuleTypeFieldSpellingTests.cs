using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;

namespace Vigil.Detection.Tests;

/// <summary>
/// Threshold and new_terms rules in the chunked hunt (query set in the reader's workers, one and two threads) over
/// events whose fields are spelled as dotted keys, nested objects, both at once, arrays, escapes and numbers, with a
/// timestamp override that is sometimes missing: the alerts must be the bytes of the collect-all engine. (A
/// projection of the fields these rules read, made on the workers, was tried against this test and dropped: see
/// docs/streaming.md.)
/// </summary>
public sealed class RuleTypeFieldSpellingTests
{
    private static readonly DateTimeOffset Base = DateTimeOffset.Parse("2024-05-01T12:00:00Z", CultureInfo.InvariantCulture);

    private static readonly Gen<JsonNode?> Name = Gen.Int[0, 5].Select(i => i switch
    {
        0 => (JsonNode?)"alice",
        1 => "bob",
        2 => 7,
        3 => new JsonArray("alice", "carol"),
        4 => null,
        _ => "d\u00e9j\u00e0",
    });

    /// <summary>How a two-part field is spelled: nested, dotted at the top, both, or absent.</summary>
    private static void Put(JsonObject e, string outer, string inner, int spelling, JsonNode? value, JsonNode? other)
    {
        switch (spelling)
        {
            case 0:
                e[outer] = new JsonObject { [inner] = value?.DeepClone(), ["x"] = 1 };
                break;
            case 1:
                e[outer + "." + inner] = value?.DeepClone();
                break;
            case 2:
                e[outer] = new JsonObject { [inner] = value?.DeepClone() };
                e[outer + "." + inner] = other?.DeepClone();
                break;
        }
    }

    private static readonly Gen<string> Event = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 3], Name, Name, Gen.Int[0, 3], Gen.Int[0, 3])
        .Select((second, hostSpelling, user, other, userSpelling, ingested) =>
        {
            var e = new JsonObject
            {
                ["@timestamp"] = Base.AddSeconds(second).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["noise"] = new JsonObject { ["deep"] = new JsonArray(1, "two", new JsonObject { ["three"] = 3 }) },
            };
            Put(e, "host", "name", hostSpelling, "h" + (second % 3).ToString(CultureInfo.InvariantCulture), "h9");
            Put(e, "user", "name", userSpelling, user, other);
            var at = Base.AddSeconds(40 - second).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Put(e, "event", "ingested", ingested, at, at);
            if (e["event"] is JsonObject ev)
            {
                ev["category"] = new JsonArray("authentication");
            }
            else
            {
                e["event.category"] = "authentication";
            }
            e["source"] = new JsonObject { ["ip"] = second % 2 == 0 ? "198.51.100.1" : "198.51.100.2" };
            e["data_stream"] = new JsonObject { ["type"] = "logs", ["dataset"] = "system.auth", ["namespace"] = "default" };
            // An escaped spelling of a value the rules group by.
            return e.ToJsonString().Replace("\"alice\"", "\"\\u0061lice\"", StringComparison.Ordinal);
        });

    private static PreparedRule Rule(string id, Action<JsonObject> edit) => TestData.PrepareKqlAuthRule(r =>
    {
        r["id"] = "uuid-" + id;
        r["rule_id"] = id;
        r["name"] = id;
        r["query"] = "event.category:authentication";
        edit(r);
    });

    private static readonly PreparedRule[] Rules =
    [
        Rule("th", r =>
        {
            r["type"] = "threshold";
            r["threshold"] = JsonNode.Parse("""{"field":["host.name","user.name"],"value":1,"cardinality":[{"field":"source.ip","value":1}]}""");
        }),
        Rule("th-override", r =>
        {
            r["type"] = "threshold";
            r["timestamp_override"] = "event.ingested";
            r["threshold"] = JsonNode.Parse("""{"field":"user.name","value":2}""");
        }),
        Rule("nt", r =>
        {
            r["type"] = "new_terms";
            r["timestamp_override"] = "event.ingested";
            r["new_terms_fields"] = new JsonArray("user.name", "host.name");
            r["history_window_start"] = "now-50s";
        }),
    ];

    private static string Jsonl(ScanResult result)
    {
        var output = new MemoryStream();
        AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void DottedAndNestedSpellingsGiveTheCollectAllAlerts()
    {
        var options = new ScanOptions { Now = Base.AddSeconds(45) };
        var withAlerts = 0;
        Gen.Select(Event.Array[1, 30], Gen.Int[1, 2]).Sample((lines, threads) =>
        {
            var input = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
            var collector = new EventCollector();
            InputReader.ReadStream(new MemoryStream(input), "events.ndjson", collector);
            var expected = Jsonl(new DetectionEngine().Run(Rules, collector.Events, options));
            var session = new DetectionSession(Rules, options);
            InputReader.ReadStream(new MemoryStream(input), "events.ndjson", session,
                session.ReaderOptions(validateJson: false, threads) with { ChunkBytes = 1 << 10 });
            Assert.NotNull(session.Hunt);
            Assert.Equal(expected, Jsonl(session.Finish()));
            withAlerts += expected.Length > 0 ? 1 : 0;
        }, iter: 200);
        Assert.True(withAlerts > 50, $"{withAlerts} samples with alerts");
    }
}
