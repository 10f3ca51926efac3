namespace Vigil.Eql.Tests.Runtime;

/// <summary>Operators, null handling, multi-valued fields and case rules, checked against ES's documented behaviour.</summary>
public sealed class PredicateTests
{
    private const string Event = """{"@timestamp": 1, "id": 1, "name": "Cmd.EXE", "n": 7, "d": 2.5, "tags": ["a", "b"], "nested": {"x": "y"}, "dotted.key": "v", "flag": true, "ip": "10.1.2.3", "path": "C:\\Windows\\cmd.exe"}""";

    [Theory]
    [InlineData("name == \"Cmd.EXE\"", true)]
    [InlineData("name == \"cmd.exe\"", false)]
    [InlineData("name : \"cmd.exe\"", true)]
    [InlineData("name : \"c*.e?e\"", true)]
    [InlineData("name like \"c*\"", false)]
    [InlineData("name like~ \"c*\"", true)]
    [InlineData("name in (\"cmd.exe\", \"x\")", false)]
    [InlineData("name in~ (\"cmd.exe\", \"x\")", true)]
    [InlineData("name regex \"C.*E\"", true)]
    [InlineData("name regex \"c.*e\"", false)]
    [InlineData("name regex~ \"c.*e\"", true)]
    [InlineData("name regex \"md\"", false)]
    [InlineData("path : \"C:\\\\Windows\\\\*\"", true)]
    [InlineData("name != \"x\"", true)]
    [InlineData("name > \"Cmd\" and name < \"Cmd.F\"", true)]
    [InlineData("n == 7 and n == 7.0 and n < 7.5", true)]
    [InlineData("n / 2 == 3", true)]
    [InlineData("n % 4 == 3 and -n == -7", true)]
    [InlineData("d * 2 == 5", true)]
    [InlineData("flag == true and flag", true)]
    [InlineData("tags == \"b\"", true)]
    [InlineData("tags == \"a\" and tags == \"b\"", true)]
    [InlineData("tags != \"a\"", false)]
    [InlineData("tags in (\"z\", \"b\")", true)]
    [InlineData("tags not in (\"a\")", false)]
    [InlineData("nested.x == \"y\"", true)]
    [InlineData("dotted.key == \"v\"", true)]
    [InlineData("missing == null", true)]
    [InlineData("missing != null", false)]
    [InlineData("missing == 1", false)]
    [InlineData("not (missing == 1)", false)]
    [InlineData("missing == 1 or n == 7", true)]
    [InlineData("null == (missing > 1)", true)]
    [InlineData("name != null", true)]
    public void EsOperatorSemantics(string condition, bool expected) =>
        Assert.Equal(expected, QueryHarness.Matches(condition, Event));

    [Theory]
    [InlineData("name == \"cmd.exe\"", true)]
    [InlineData("name != \"cmd.exe\"", false)]
    [InlineData("name in (\"CMD.exe\")", true)]
    public void EndgameDialectComparesCaseInsensitively(string condition, bool expected) =>
        Assert.Equal(expected, QueryHarness.Matches(condition, Event, new Compilation.CompileOptions { CaseInsensitiveEquality = true }));

    [Fact]
    public void CategoryIsMatchedExactlyAndAnyMatchesAll()
    {
        const string Events = """
            {"@timestamp": 1, "id": 1, "event": {"category": "process"}}
            {"@timestamp": 2, "id": 2, "event": {"category": ["network", "process"]}}
            {"@timestamp": 3, "id": 3, "event": {"category": "Process"}}
            """;
        Assert.Equal("1,2", QueryHarness.Ids("process where true", Events));
        Assert.Equal("1,2,3", QueryHarness.Ids("any where true", Events));
    }

    [Fact]
    public void ResultsAreOrderedByTimestampThenTiebreakerAndLimitedByPipes()
    {
        const string Events = """
            {"@timestamp": "2024-01-01T00:00:02Z", "id": 3, "event": {"category": "p"}}
            {"@timestamp": "2024-01-01T00:00:01.000000001Z", "id": 2, "event": {"category": "p"}}
            {"@timestamp": "2024-01-01T00:00:01.000000001Z", "id": 1, "event": {"category": "p"}}
            {"@timestamp": 1704067200000, "id": 0, "event": {"category": "p"}}
            """;
        Assert.Equal("0,1,2,3", QueryHarness.Ids("p where true", Events));
        Assert.Equal("0,1", QueryHarness.Ids("p where true | head 2", Events));
        Assert.Equal("2,3", QueryHarness.Ids("p where true | tail 2", Events));
        Assert.Equal("0", QueryHarness.Ids("p where true", Events, run: new Vigil.Eql.Runtime.RunOptions { Size = 1 }));
        Assert.Equal("1,2", QueryHarness.Ids("p where @timestamp > \"2024-01-01T00:00:01Z\" and @timestamp < \"2024-01-01T00:00:02Z\"", Events));
    }

    [Fact]
    public void HostileRegexDoesNotHang()
    {
        var text = new string('a', 50_000) + "!";
        var json = "{\"@timestamp\": 1, \"id\": 1, \"s\": \"" + text + "\"}";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(QueryHarness.Matches("s regex \"(a+)+b\"", json));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
    }
}
