using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Detection.Tests;

public sealed class SequenceAlertTests
{
    private static IReadOnlyList<AlertDocument> Build()
    {
        var builder = new AlertBuilder(TestData.Rule(), TestData.Context());
        return builder.BuildSequence(
        [
            new SourceEvent(TestData.ProcessIndex, "p-ev", TestData.ProcessEvent()),
            new SourceEvent(TestData.NetworkIndex, "n-ev", TestData.NetworkEvent()),
        ]);
    }

    [Fact]
    public void ShellThenOneBuildingBlockPerEvent()
    {
        var docs = Build();
        Assert.Equal(3, docs.Count);
        Assert.True(docs[0].IsShell);
        Assert.Equal(0, docs[1].GroupIndex);
        Assert.Equal(1, docs[2].GroupIndex);
    }

    [Fact]
    public void IdsFollowTheBuildingBlockAndShellFormulas()
    {
        var docs = Build();
        var r = TestData.RuleUuid;
        var baseText = "p-ev" + TestData.ProcessIndex + r + "n-ev" + TestData.NetworkIndex + r;
        var bb0 = TestData.Sha256(baseText + "0");
        var bb1 = TestData.Sha256(baseText + "1");
        Assert.Equal(bb0, docs[1].Id);
        Assert.Equal(bb1, docs[2].Id);
        var shell = TestData.Sha256("p-ev" + TestData.ProcessIndex + bb0 + "" + "n-ev" + TestData.NetworkIndex + bb1 + "" + r);
        Assert.Equal(shell, docs[0].Id);
    }

    [Fact]
    public void BuildingBlocksPointAtTheShell()
    {
        var docs = Build();
        for (var i = 1; i < 3; i++)
        {
            var s = AlertJsonWriter.SourceAsObject(docs[i]);
            Assert.Equal("default", (string?)s["kibana.alert.building_block_type"]);
            Assert.Equal(docs[0].Id, (string?)s["kibana.alert.group.id"]);
            Assert.Equal(i - 1, (int)s["kibana.alert.group.index"]!);
            Assert.Equal(docs[i].Id, (string?)s["kibana.alert.uuid"]);
            Assert.Equal(1, (int)s["kibana.alert.depth"]!);
            Assert.Single(s["kibana.alert.ancestors"]!.AsArray());
        }
        var bb1 = AlertJsonWriter.SourceAsObject(docs[2]);
        Assert.Equal("network event with process cat, source 10.0.0.5:51234, destination 203.0.113.5:4444, by root on host-1 created medium alert Network Activity Detected via cat.",
            (string?)bb1["kibana.alert.reason"]);
        Assert.Equal("2024-05-01T11:58:00.400Z", (string?)bb1["kibana.alert.original_time"]);
    }

    [Fact]
    public void ShellHasDepthTwoAndFourAncestors()
    {
        var docs = Build();
        var s = AlertJsonWriter.SourceAsObject(docs[0]);
        Assert.Equal(2, (int)s["kibana.alert.depth"]!);
        Assert.Equal(docs[0].Id, (string?)s["kibana.alert.uuid"]);
        Assert.Equal(docs[0].Id, (string?)s["kibana.alert.group.id"]);
        Assert.False(s.ContainsKey("kibana.alert.group.index"));
        Assert.False(s.ContainsKey("kibana.alert.building_block_type"));
        var a = s["kibana.alert.ancestors"]!.AsArray();
        Assert.Equal(4, a.Count);
        Assert.Equal(["p-ev", docs[1].Id, "n-ev", docs[2].Id], a.Select(x => (string?)x!["id"]));
        Assert.Equal(["event", "signal", "event", "signal"], a.Select(x => (string?)x!["type"]));
        Assert.Equal([TestData.ProcessIndex, "", TestData.NetworkIndex, ""], a.Select(x => (string?)x!["index"]));
        Assert.Equal([0, 1, 0, 1], a.Select(x => (int)x!["depth"]!));
        Assert.Equal(TestData.RuleUuid, (string?)a[1]!["rule"]);
        // original_time is the first building block's own @timestamp (its write time).
        Assert.Equal("2024-05-01T12:00:01.500Z", (string?)s["kibana.alert.original_time"]);
    }

    [Fact]
    public void ShellKeepsOnlyWhatAllBlocksShare()
    {
        var s = AlertJsonWriter.SourceAsObject(Build()[0]);
        Assert.Equal("host-1", (string?)s["host"]!["name"]);
        Assert.Equal("linux", (string?)s["host"]!["os"]!["type"]);
        Assert.Equal(100, (int)s["process"]!["pid"]!);
        Assert.Equal(["cat"], s["process"]!["args"]!.AsArray().Select(x => (string?)x));   // array intersection
        Assert.False(s["process"]!.AsObject().ContainsKey("parent"));                      // only in one block
        Assert.False(s.ContainsKey("source"));
        Assert.Empty(s["event"]!["category"]!.AsArray());                                   // process ∩ network
        Assert.Equal("start", (string?)s["event"]!["type"]![0]);
        Assert.Equal("logs", (string?)s["data_stream"]!["type"]);
        Assert.False(s["data_stream"]!.AsObject().ContainsKey("dataset"));
        Assert.Equal("signal", (string?)s["event.kind"]);
        Assert.Equal("2024-05-01T12:00:01.500Z", (string?)s["@timestamp"]);
    }

    [Fact]
    public void ShellReasonReadsTheIntersection()
    {
        var s = AlertJsonWriter.SourceAsObject(Build()[0]);
        // event.category intersects to [] (absent); process.name stays; numbers (ports) have no length in Kibana's check.
        Assert.Equal("event with process cat, by root on host-1 created medium alert Network Activity Detected via cat.",
            (string?)s["kibana.alert.reason"]);
    }

    [Fact]
    public void RebuildingGivesIdenticalIds()
    {
        var a = Build().Select(d => d.Id).ToList();
        var b = Build().Select(d => d.Id).ToList();
        Assert.Equal(a, b);
    }
}
