using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;

namespace Vigil.Detection.Tests;

public sealed class ReasonTests
{
    private static string For(string json) => ReasonFormatter.ForEvent((JsonObject)JsonNode.Parse(json)!, "R", "high");

    [Fact]
    public void WithoutFieldsOfInterestThereIsNoWith() =>
        Assert.Equal("authentication event by bob on h created high alert R.",
            For("""{"event":{"category":"authentication"},"user":{"name":"bob"},"host":{"name":"h"}}"""));

    [Fact]
    public void NothingKnownGivesTheBareSentence() => Assert.Equal("event created high alert R.", For("{}"));

    [Fact]
    public void MultipleValuesJoinWithCommaSpace() =>
        Assert.Equal("process, network event with file a, b, created high alert R.",
            For("""{"event":{"category":["process","network"]},"file":{"name":["a","b"]}}"""));

    [Fact]
    public void DashAloneCountsAsAbsent() =>
        Assert.Equal("event on h created high alert R.", For("""{"user":{"name":"-"},"host":{"name":"h"}}"""));

    [Fact]
    public void DottedKeysAreRead() =>
        Assert.Equal("event with destination 1.2.3.4:80, created high alert R.",
            For("""{"destination.ip":"1.2.3.4","destination.port":80}"""));

    [Fact]
    public void SourcePortWithoutAddress() =>
        Assert.Equal("event with:53, created high alert R.", For("""{"source":{"port":53}}"""));
}
