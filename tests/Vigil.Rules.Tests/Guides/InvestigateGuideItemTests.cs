using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class InvestigateGuideItemTests
{
    private static InvestigateGuideItem Item(string providers, string alertJson, string range = "\"relativeFrom\":\"now-1h\",\"relativeTo\":\"now\"")
    {
        string note = "!{investigate{\"label\":\"L\",\"description\":\"D\",\"providers\":" + providers + "," + range + "}}";
        var guide = GuideBuilder.Build(note, AlertDocument.Parse(alertJson));
        return Assert.IsType<InvestigateGuideItem>(Assert.Single(guide.Items));
    }

    [Fact]
    public void GroupsReadAsOrOfAnds()
    {
        var item = Item(
            "[[{\"field\":\"host.id\",\"excluded\":false,\"queryType\":\"phrase\",\"value\":\"{{host.id}}\",\"valueType\":\"string\"},"
            + "{\"field\":\"process.pid\",\"excluded\":false,\"queryType\":\"phrase\",\"value\":\"{{process.pid}}\",\"valueType\":\"number\"}],"
            + "[{\"field\":\"file.path\",\"excluded\":true,\"queryType\":\"exists\",\"value\":\"\",\"valueType\":\"string\"}],"
            + "[{\"field\":\"user.name\",\"excluded\":false,\"queryType\":\"phrase\",\"value\":\"a\\\"b\",\"valueType\":\"string\"}]]",
            "{\"@timestamp\":\"2026-03-04T10:20:30Z\",\"host\":{\"id\":\"h1\"},\"process\":{\"pid\":42}}");
        Assert.Equal(new[] { "(host.id: \"h1\" AND process.pid: 42)", "NOT file.path exists", "user.name: \"a\\\"b\"" }, item.DescribeGroups());
        Assert.Equal(GuideItemStatus.Ready, item.Status);
        Assert.Equal("now-1h to now", item.DescribeRelativeRange());
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 9, 20, 30, TimeSpan.Zero), item.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 20, 30, TimeSpan.Zero), item.To);
    }

    [Fact]
    public void MissingValuesSkipTheItemAndAreMarked()
    {
        var item = Item("[[{\"field\":\"host.id\",\"excluded\":false,\"queryType\":\"phrase\",\"value\":\"{{host.id}}\",\"valueType\":\"string\"}]]", "{}");
        Assert.Equal(GuideItemStatus.Skipped, item.Status);
        Assert.Equal(new[] { "host.id" }, item.MissingFields);
        Assert.Equal(new[] { "host.id: \"⟨host.id: missing⟩\"" }, item.DescribeGroups());
        Assert.Null(item.From);
    }

    [Fact]
    public void ProvidersThatAreNotArraysAreAnError()
    {
        var guide = GuideBuilder.Build("!{investigate{\"label\":\"L\",\"providers\":{}}}", null);
        var invalid = Assert.IsType<InvalidGuideItem>(Assert.Single(guide.Items));
        Assert.StartsWith("Unable to parse investigate JSON configuration: the configuration has no \"providers\" array", invalid.Error);
        Assert.Single(guide.Diagnostics);
    }
}
