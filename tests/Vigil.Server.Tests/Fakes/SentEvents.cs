using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Fakes;

/// <summary>Events a client test sends, and the check that the store holds exactly them.</summary>
public static class SentEvents
{
    /// <summary>The seed rule's fixture events followed by the 2,000-event example capture.</summary>
    public static IReadOnlyList<string> FixturesAndCapture() =>
        [.. RepoFiles.SeedFixtureEvents(), .. File.ReadLines(RepoFiles.PathOf("examples/defend-linux-sample.ndjson")).Where(l => l.Trim().Length > 0)];

    /// <summary>Where the tests send events that name no data stream (some fixtures).</summary>
    public const string FallbackIndex = "logs-vigil.fixtures-default";

    /// <summary>The data stream a shipper writes an event to: <c>type-dataset-namespace</c> of its <c>data_stream</c>.</summary>
    public static string IndexOf(string line)
    {
        using var json = JsonDocument.Parse(line);
        if (!json.RootElement.TryGetProperty("data_stream", out var stream))
        {
            return FallbackIndex;
        }
        return $"{stream.GetProperty("type").GetString()}-{stream.GetProperty("dataset").GetString()}-{stream.GetProperty("namespace").GetString()}";
    }

    /// <summary>
    /// Each stored event, in order, is the sent one: same index, same JSON (whatever the client's spacing), plus
    /// <c>event.ingested</c> only where the sent event had none; one compact line each; ids unique.
    /// </summary>
    public static void AssertStored(IReadOnlyList<string> sent, IReadOnlyList<IncomingEvent> stored)
    {
        Assert.Equal(sent.Count, stored.Count);
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(IndexOf(sent[i]), stored[i].Index);
            Assert.DoesNotContain((byte)'\n', stored[i].Source.ToArray());
            var expected = JsonNode.Parse(sent[i])!.AsObject();
            var actual = JsonNode.Parse(stored[i].Source.Span)!.AsObject();
            if (expected["event"] is not JsonObject expectedEvent)
            {
                Assert.NotNull(actual["event"]!["ingested"]);
                Assert.Single(actual["event"]!.AsObject());
                actual.Remove("event");
            }
            else if (!expectedEvent.ContainsKey("ingested"))
            {
                Assert.NotNull(actual["event"]!["ingested"]);
                actual["event"]!.AsObject().Remove("ingested");
            }
            Assert.True(JsonNode.DeepEquals(expected, actual), $"event {i} differs:\n{sent[i]}\n{stored[i].Source.Length} bytes stored");
        }
        Assert.Equal(stored.Count, stored.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }
}
