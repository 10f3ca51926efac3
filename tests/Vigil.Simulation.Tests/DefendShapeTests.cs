using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Simulation;

namespace Vigil.Simulation.Tests;

/// <summary>
/// <c>vigil generate</c>'s process and network events pass the same Defend-shape check as the agent's
/// (Vigil.Agent.Tests runs it on live events); and the check itself catches each kind of break it names.
/// </summary>
public sealed class DefendShapeTests
{
    [Fact]
    public void GeneratedProcessAndNetworkEventsHaveDefendsShape()
    {
        var checkedEvents = 0;
        var problems = new List<string>();
        foreach (var e in GeneratedSample.WithAttacks.Events)
        {
            var dataset = e.GetProperty("event").GetProperty("dataset").GetString();
            if (dataset is "endpoint.events.process" or "endpoint.events.network" && e.GetProperty("event").GetProperty("action").GetString() is not ("lookup_requested" or "lookup_result"))
            {
                checkedEvents++;
                problems.AddRange(DefendShapeChecker.Check(e));
            }
        }
        Assert.True(checkedEvents > 5_000, $"only {checkedEvents} process/network events checked");
        Assert.Empty(problems.Distinct());
    }

    [Theory]
    [InlineData("process.args_count", "99", "process.args_count")]
    [InlineData("host.os.type", "\"windows\"", "host.os.type")]
    [InlineData("network.direction", "\"ingress\"", "network.direction")]
    [InlineData("destination.ip", "\"not-an-ip\"", "destination.ip")]
    [InlineData("event.type", "[\"end\"]", "event.type")]
    [InlineData("process.command_line", "\"something else\"", "process.command_line")]
    public void EachBreakIsNamed(string path, string value, string named)
    {
        var attempt = GeneratedSample.WithAttacks.Lines.First(l => l.Contains("\"connection_attempted\"", StringComparison.Ordinal));
        Assert.Empty(DefendShapeChecker.Check(JsonDocument.Parse(attempt).RootElement));
        var node = JsonNode.Parse(attempt)!.AsObject();
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(node, (o, p) => o[p]!.AsObject());
        parent[parts[^1]] = JsonNode.Parse(value);
        var problems = DefendShapeChecker.Check(JsonDocument.Parse(node.ToJsonString()).RootElement);
        Assert.Contains(problems, p => p.StartsWith(named + ":", StringComparison.Ordinal));
    }
}
