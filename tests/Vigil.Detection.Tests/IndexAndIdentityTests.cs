using System.Security.Cryptography;
using System.Text;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;

namespace Vigil.Detection.Tests;

public sealed class IndexAndIdentityTests
{
    [Theory]
    [InlineData("logs-endpoint.events.process-default", true)]
    [InlineData("logs-endpoint.events.network-prod", true)]
    [InlineData("logs-endpoint.events.file-default", false)]
    [InlineData("logs-endpoint.events.network-excluded", false)]
    [InlineData(".ds-logs-endpoint.events.process-default-2024.05.01-000001", true)]
    [InlineData("logs-endpoint.events.process", false)]
    public void PatternsWithWildcardsAndExclusions(string index, bool expected)
    {
        var matcher = new IndexPatternMatcher(["logs-endpoint.events.process-*", "logs-endpoint.events.network-*,-*-excluded"]);
        Assert.Equal(expected, matcher.Matches(index));
    }

    [Fact]
    public void DerivedEventIdIsTwentyCharactersOfTheSha256()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a":1}""");
        var expected = Convert.ToBase64String(SHA256.HashData(bytes)[..15]).Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, EventIdentity.Derive(bytes));
        Assert.Equal(20, expected.Length);
    }

    [Fact]
    public void CollectorUsesEnvelopeThenDataStreamAndSkipsFixtureComments()
    {
        var collector = new EventCollector("fallback");
        var origin = new RecordOrigin("f", 1, 0);
        collector.Accept(origin, """{"//":"comment","expect_alerts":1}"""u8, default, default);
        collector.Accept(origin, """{"a":1}"""u8, "idx"u8, "id-1"u8);
        collector.Accept(origin, """{"data_stream":{"type":"logs","dataset":"endpoint.events.process","namespace":"default"}}"""u8, default, default);
        collector.Accept(origin, """{"b":2}"""u8, default, default);
        Assert.Equal(1, collector.Comments);
        Assert.Equal(("idx", "id-1"), (collector.Events[0].Index, collector.Events[0].Id));
        Assert.Equal("logs-endpoint.events.process-default", collector.Events[1].Index);
        Assert.Equal("fallback", collector.Events[2].Index);
        Assert.Equal(EventIdentity.Derive("""{"b":2}"""u8), collector.Events[2].Id);
    }
}
