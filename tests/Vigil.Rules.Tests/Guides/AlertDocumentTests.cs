using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class AlertDocumentTests
{
    [Theory]
    [InlineData("{\"user.name\":\"a\"}")]
    [InlineData("{\"user\":{\"name\":\"a\"}}")]
    [InlineData("{\"user\":{\"name\":[\"a\",\"b\"]}}")]
    [InlineData("{\"user\":[{\"id\":1},{\"name\":\"a\"}]}")]
    [InlineData("{\"user\":{\"name\":[null,\"a\"]}}")]
    [InlineData("{\"user\":{\"full\":\"x\"},\"user.name\":\"a\"}")]
    public void FindsNestedDottedAndArrayFields(string json) =>
        Assert.Equal("a", AlertDocument.Parse(json).TryGetText("user.name"));

    [Fact]
    public void MixedDottedAndNestedKibanaFields()
    {
        var alert = AlertDocument.Parse("{\"kibana.alert\":{\"rule.name\":\"R\",\"uuid\":\"u1\"},\"kibana\":{\"alert\":{\"rule\":{\"rule_id\":\"rid\",\"note\":\"N\"}}},\"@timestamp\":\"2026-01-02T03:04:05Z\"}");
        Assert.Equal("R", alert.RuleName);
        Assert.Equal("u1", alert.Id);
        Assert.Equal("rid", alert.RuleId);
        Assert.Equal("N", alert.Note);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), alert.Timestamp);
    }

    [Fact]
    public void HitsAreUnwrapped()
    {
        var alert = AlertDocument.Parse("{\"_index\":\".alerts-security.alerts-default\",\"_id\":\"hid\",\"_source\":{\"user\":{\"name\":\"a\"}}}");
        Assert.Equal("a", alert.TryGetText("user.name"));
        Assert.Equal("hid", alert.Id);
    }

    [Theory]
    [InlineData("{\"user\":{\"name\":{\"first\":\"a\"}}}")]
    [InlineData("{\"user\":{\"name\":null}}")]
    [InlineData("{\"user\":{\"names\":\"a\"}}")]
    [InlineData("{\"username\":\"a\"}")]
    [InlineData("{\"user\":{\"name\":[]}}")]
    public void AbsentOrNonScalarFieldsAreNotFound(string json) =>
        Assert.Null(AlertDocument.Parse(json).TryGetText("user.name"));
}
