using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;

namespace Vigil.Detection.Tests;

/// <summary>
/// The chunked hunt's worker threads tell each sequence rule which events cannot start one of its sequences, and the
/// rule then neither parses nor pushes such an event when its matcher holds nothing open. Sequences with leading,
/// middle and trailing missing-event stages and with <c>until</c>, over random events in time order (ties, several
/// hosts): the alerts must be the bytes of the collect-all engine and of the line-by-line hunt (which gets no such
/// hint), with one and two reader threads.
/// </summary>
public sealed class SequenceIdleSkipTests
{
    private static readonly DateTimeOffset Base = DateTimeOffset.Parse("2024-05-01T12:00:00Z", CultureInfo.InvariantCulture);

    private static readonly string[] Queries =
    [
        """sequence by host.id with maxspan=10s [process where event.type == "start"] ![process where event.type == "end"]""",
        """sequence by host.id with maxspan=10s [process where event.type == "start"] ![process where event.type == "end"] [process where event.type == "info"]""",
        """sequence by host.id with maxspan=10s ![process where event.type == "end"] [process where event.type == "start"]""",
        """sequence by host.id with maxspan=10s [process where event.type == "start"] [process where event.type == "end"] until [process where event.type == "info"]""",
        """sequence with maxspan=5s [process where event.type == "info"] ![process where event.type == "start"]""",
    ];

    private static readonly PreparedRule[] Rules = Queries.Select((query, i) =>
    {
        var json = TestData.RuleJson(r =>
        {
            r["id"] = $"8a1e6a9e-0c53-4d8a-9b1c-5f0a3c2d1e7{i}";
            r["rule_id"] = $"5e0f6a1c-0000-4000-8000-00000000000{i}";
            r["name"] = $"missing-event sequence {i}";
            r["query"] = query;
            r["index"] = new JsonArray("logs-endpoint.events.process-*");
        });
        var problems = new List<string>();
        var prepared = RulePreparer.Prepare(json, "", problems);
        Assert.True(prepared is not null, string.Join("\n", problems));
        return prepared!;
    }).ToArray();

    private static readonly string[] Types = ["start", "end", "info", "change"];

    /// <summary>Events as (milliseconds from the base, host, type); sorted into time order before they are written.</summary>
    private static readonly Gen<(int Millis, int Host, int Type)> Event = Gen.Select(Gen.Int[0, 40_000], Gen.Int[0, 2], Gen.Int[0, 3]);

    private static byte[] Input((int Millis, int Host, int Type)[] events)
    {
        var ordered = events.OrderBy(static e => e.Millis).ToArray();
        var lines = new StringBuilder();
        foreach (var (millis, host, type) in ordered)
        {
            var e = new JsonObject
            {
                ["@timestamp"] = Base.AddMilliseconds(millis - millis % 500).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["event"] = new JsonObject { ["category"] = new JsonArray("process"), ["type"] = new JsonArray(Types[type]) },
                ["host"] = new JsonObject { ["id"] = "h" + host.ToString(CultureInfo.InvariantCulture) },
                ["data_stream"] = new JsonObject { ["type"] = "logs", ["dataset"] = "endpoint.events.process", ["namespace"] = "default" },
            };
            lines.Append(e.ToJsonString()).Append('\n');
        }
        return Encoding.UTF8.GetBytes(lines.ToString());
    }

    private static string Jsonl(ScanResult result)
    {
        var output = new MemoryStream();
        AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string Hunt(byte[] input, ScanOptions options, Func<StreamingHunt, ReaderOptions> reader)
    {
        var hunt = new StreamingHunt(Rules, options);
        InputReader.ReadStream(new MemoryStream(input), "events.ndjson", hunt, reader(hunt));
        return Jsonl(hunt.Finish());
    }

    [Fact]
    public void SkippedEventsChangeNoSequence()
    {
        var options = new ScanOptions { Now = Base.AddHours(1) };
        var withAlerts = 0;
        Gen.Select(Event.Array[0, 60], Gen.Int[1, 2]).Sample((events, threads) =>
        {
            var input = Input(events);
            var collector = new EventCollector();
            InputReader.ReadStream(new MemoryStream(input), "events.ndjson", collector);
            var expected = Jsonl(new DetectionEngine().Run(Rules, collector.Events, options));
            var lineByLine = Hunt(input, options, _ => new ReaderOptions());
            var chunked = Hunt(input, options, hunt =>
            {
                Assert.NotNull(hunt.WorkerFilter);
                return new ReaderOptions { Prefilter = hunt.Prefilter, WorkerFilter = hunt.WorkerFilter, Threads = threads, ChunkBytes = 1 << 10 };
            });
            Assert.Equal(expected, lineByLine);
            Assert.Equal(expected, chunked);
            withAlerts += expected.Length > 0 ? 1 : 0;
        }, iter: 150);
        // The property saw sequences complete (and so matchers that were not idle).
        Assert.True(withAlerts > 20, $"{withAlerts} samples with alerts");
    }
}
