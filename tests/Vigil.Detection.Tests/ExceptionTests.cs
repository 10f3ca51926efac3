using System.Text.Json.Nodes;
using Vigil.Detection.Exceptions;

namespace Vigil.Detection.Tests;

public sealed class ExceptionTests
{
    private static ExceptionItem Item(string entriesJson, string osTypes = "[]", string name = "item")
    {
        var set = new ExceptionListSet();
        var errors = new List<string>();
        var line = $$"""{"item_id":"i","list_id":"l","name":"{{name}}","namespace_type":"single","type":"simple","os_types":{{osTypes}},"entries":{{entriesJson}}}""";
        ExceptionListLoader.LoadNdjson(line, "t.ndjson", set, errors);
        Assert.Empty(errors);
        return set.Items.Single();
    }

    private static bool Excepts(ExceptionItem item, string eventJson) =>
        ExceptionMatcher.ItemMatches(item, JsonNode.Parse(eventJson));

    private const string Ev = """
        {"process":{"name":"cat","args":["cat","/etc/passwd"],"pid":42},"host":{"os":{"type":"linux","name":"Ubuntu"}},
         "user.name":"root","file":{"Ext":{"code_signature":[{"subject_name":"Acme","trusted":true},{"subject_name":"Other","trusted":false}]}}}
        """;

    [Theory]
    [InlineData("""[{"field":"process.name","operator":"included","type":"match","value":"cat"}]""", true)]
    [InlineData("""[{"field":"process.name","operator":"included","type":"match","value":"Cat"}]""", false)]
    [InlineData("""[{"field":"process.name","operator":"excluded","type":"match","value":"cat"}]""", false)]
    [InlineData("""[{"field":"process.name","operator":"excluded","type":"match","value":"curl"}]""", true)]
    [InlineData("""[{"field":"process.args","operator":"included","type":"match","value":"/etc/passwd"}]""", true)]
    [InlineData("""[{"field":"process.pid","operator":"included","type":"match","value":"42"}]""", true)]
    [InlineData("""[{"field":"user.name","operator":"included","type":"match","value":"root"}]""", true)]
    [InlineData("""[{"field":"process.name","operator":"included","type":"match_any","value":["curl","cat"]}]""", true)]
    [InlineData("""[{"field":"process.name","operator":"excluded","type":"match_any","value":["curl","cat"]}]""", false)]
    [InlineData("""[{"field":"process.args","operator":"included","type":"wildcard","value":"/etc/*"}]""", true)]
    [InlineData("""[{"field":"process.name","operator":"included","type":"wildcard","value":"c?t"}]""", true)]
    [InlineData("""[{"field":"process.name","operator":"included","type":"wildcard","value":"C*"}]""", false)]
    [InlineData("""[{"field":"process.name","operator":"excluded","type":"wildcard","value":"x*"}]""", true)]
    [InlineData("""[{"field":"process.parent.name","operator":"included","type":"exists"}]""", false)]
    [InlineData("""[{"field":"process.parent.name","operator":"excluded","type":"exists"}]""", true)]
    [InlineData("""[{"field":"process.pid","operator":"included","type":"exists"}]""", true)]
    public void SingleEntries(string entries, bool expected) => Assert.Equal(expected, Excepts(Item(entries), Ev));

    [Fact]
    public void EntriesAreAnded()
    {
        var both = Item("""[{"field":"process.name","operator":"included","type":"match","value":"cat"},{"field":"user.name","operator":"included","type":"match","value":"bob"}]""");
        Assert.False(Excepts(both, Ev));
    }

    [Fact]
    public void NestedEntriesMustHoldForOneElement()
    {
        var same = Item("""[{"field":"file.Ext.code_signature","type":"nested","entries":[{"field":"subject_name","operator":"included","type":"match","value":"Acme"},{"field":"trusted","operator":"included","type":"match","value":"true"}]}]""");
        var crossed = Item("""[{"field":"file.Ext.code_signature","type":"nested","entries":[{"field":"subject_name","operator":"included","type":"match","value":"Other"},{"field":"trusted","operator":"included","type":"match","value":"true"}]}]""");
        Assert.True(Excepts(same, Ev));
        Assert.False(Excepts(crossed, Ev));
    }

    [Fact]
    public void OsTypesRestrictTheItem()
    {
        const string entries = """[{"field":"process.name","operator":"included","type":"match","value":"cat"}]""";
        Assert.True(Excepts(Item(entries, """["linux"]"""), Ev));
        Assert.False(Excepts(Item(entries, """["windows"]"""), Ev));
        // host.os.name.caseless: lower-cased name equals the os type.
        Assert.True(Excepts(Item(entries, """["ubuntu"]"""), Ev));
        Assert.True(Excepts(Item(entries, """["windows","linux"]"""), Ev));
    }

    [Fact]
    public void ItemsAreOredAndValueListItemsAreNotApplied()
    {
        var set = new ExceptionListSet();
        var errors = new List<string>();
        var text = string.Join('\n',
            """{"list_id":"l","name":"container","type":"detection","namespace_type":"single","id":"c1"}""",
            """{"item_id":"a","list_id":"l","name":"A","type":"simple","entries":[{"field":"process.name","operator":"included","type":"match","value":"curl"}]}""",
            """{"item_id":"b","list_id":"l","name":"B","type":"simple","entries":[{"field":"process.name","operator":"included","type":"match","value":"cat"}]}""",
            """{"item_id":"c","list_id":"l","name":"Big list","type":"simple","entries":[{"field":"source.ip","operator":"included","type":"list","list":{"id":"ips","type":"ip"}}]}""",
            """{"exported_exception_list_count":1,"exported_exception_list_item_count":3,"missing_exception_list_item_count":0}""");
        ExceptionListLoader.LoadNdjson(text, "x.ndjson", set, errors);
        Assert.Empty(errors);
        Assert.True(set.HasList("l"));
        var matcher = new ExceptionMatcher(set.ItemsOf("l"), DateTimeOffset.UtcNow);
        Assert.Equal(2, matcher.Count);
        Assert.True(matcher.IsExcepted(JsonNode.Parse(Ev)));
        Assert.False(matcher.IsExcepted(JsonNode.Parse("""{"process":{"name":"nc"}}""")));
        Assert.Equal("The following exceptions won't be applied to rule execution: Big list", matcher.UnappliedWarning);
    }

    [Fact]
    public void ExpiredItemsAreIgnored()
    {
        var set = new ExceptionListSet();
        ExceptionListLoader.LoadNdjson("""{"item_id":"a","list_id":"l","name":"A","expire_time":"2020-01-01T00:00:00Z","entries":[{"field":"process.name","operator":"included","type":"match","value":"cat"}]}""", "x", set, []);
        Assert.Equal(0, new ExceptionMatcher(set.Items, DateTimeOffset.Parse("2024-01-01T00:00:00Z")).Count);
    }

    [Fact]
    public void BadLinesAreReportedWithTheirPlace()
    {
        var set = new ExceptionListSet();
        var errors = new List<string>();
        ExceptionListLoader.LoadNdjson("{oops\n{\"item_id\":\"a\",\"list_id\":\"l\",\"entries\":[{\"field\":\"x\",\"type\":\"regex\"}]}", "f.ndjson", set, errors);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("f.ndjson:1:", errors[0]);
        Assert.StartsWith("f.ndjson:2:", errors[1]);
    }
}
