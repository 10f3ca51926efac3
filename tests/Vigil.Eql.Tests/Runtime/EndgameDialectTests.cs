using System.Text;
using System.Text.Json;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The Endgame dialect's pipes and lineage on small inline data. Each expected output was worked out by hand and
/// checked with the Python engine (tools/endgame-oracle/oracle.py with EQL_DATA set to the same events).
/// </summary>
public sealed class EndgameDialectTests
{
    private const string Hosts = """
        {"event_type":"process","serial_event_id":1,"process_name":"x.exe","hostname":"h1"}
        {"event_type":"process","serial_event_id":2,"process_name":"X.EXE","hostname":"h2"}
        {"event_type":"process","serial_event_id":3,"process_name":"y.exe","hostname":"h1"}
        """;

    // A parent (10) starts a child (11) and ends; the child starts a grandchild (12); then a late process names the
    // ended parent as its parent: after the end it is no child of it (state expired on the process end event).
    private const string Tree = """
        {"event_type":"process","serial_event_id":1,"opcode":1,"pid":100,"unique_pid":10,"unique_ppid":1,"process_name":"parent.exe"}
        {"event_type":"process","serial_event_id":2,"opcode":1,"pid":101,"unique_pid":11,"unique_ppid":10,"process_name":"child.exe"}
        {"event_type":"process","serial_event_id":3,"opcode":2,"pid":100,"unique_pid":10,"unique_ppid":1,"process_name":"parent.exe"}
        {"event_type":"process","serial_event_id":4,"opcode":1,"pid":102,"unique_pid":12,"unique_ppid":11,"process_name":"grandchild.exe"}
        {"event_type":"process","serial_event_id":5,"opcode":1,"pid":103,"unique_pid":13,"unique_ppid":10,"process_name":"late.exe"}
        {"event_type":"file","serial_event_id":6,"opcode":0,"pid":102,"unique_pid":12,"file_name":"a.txt"}
        """;

    private static QueryResult Run(string query, string ndjson, bool caseInsensitive = true, LineageFields? lineage = null)
    {
        var parsed = EqlParser.Parse(query, EqlParserOptions.Endgame);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions
        {
            EventCategoryField = "event_type",
            EndgameDialect = true,
            CaseInsensitiveEquality = caseInsensitive,
            Lineage = lineage ?? LineageFields.Endgame,
        });
        var inputs = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((line, i) => new EventInput(Encoding.UTF8.GetBytes(line), "inline", i + 1)).ToList();
        var problems = new List<InputProblem>();
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { InputOrder = true }, problems.Add);
        Assert.Empty(problems);
        return result;
    }

    private static string Ids(QueryResult result) => result.IsSequenceResult
        ? string.Join(" | ", result.Sequences.Select(s => string.Join(",", s.Events.Select(e => Field(e!, "serial_event_id")))))
        : string.Join(",", result.Events.Select(e => Field(e, "serial_event_id")));

    private static string Field(MatchedEvent matched, string name) =>
        JsonDocument.Parse(matched.Source).RootElement.TryGetProperty(name, out var value) ? value.GetRawText() : "-";

    [Fact]
    public void CountByFieldGivesCountKeyPercentAndHostsInCountOrder()
    {
        // Python: {"count": 1, "hosts": ["h1"], "key": "y.exe", "percent": 0.333.., "total_hosts": 1}, then x.exe with 2.
        var records = Run("process where true | count process_name", Hosts).Events;
        Assert.Equal(2, records.Count);
        Assert.Equal("1", Field(records[0], "count"));
        Assert.Equal("\"y.exe\"", Field(records[0], "key"));
        Assert.Equal(1.0 / 3, double.Parse(Field(records[0], "percent"), System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("[\"h1\"]", Field(records[0], "hosts"));
        Assert.Equal("1", Field(records[0], "total_hosts"));
        // x.exe and X.EXE count together; the key keeps the case first seen.
        Assert.Equal("2", Field(records[1], "count"));
        Assert.Equal("\"x.exe\"", Field(records[1], "key"));
        Assert.Equal("[\"h1\",\"h2\"]", Field(records[1], "hosts"));
    }

    [Fact]
    public void CountCaseSensitiveKeepsThreeKeys()
    {
        var records = Run("process where true | count process_name", Hosts, caseInsensitive: false).Events;
        Assert.Equal(3, records.Count);
    }

    [Fact]
    public void CountWithoutFieldsGivesTotals()
    {
        // Python: {"count": 3, "hosts": ["h1", "h2"], "key": "totals", "total_hosts": 2}
        var record = Assert.Single(Run("process where true | count", Hosts).Events);
        Assert.Equal("\"totals\"", Field(record, "key"));
        Assert.Equal("3", Field(record, "count"));
        Assert.Equal("2", Field(record, "total_hosts"));
    }

    [Fact]
    public void UniqueCountKeepsTheFirstEventWithCountAndPercent()
    {
        // Python: events 1 and 3; event 1 carries count 2 (x.exe, X.EXE), percent 2/3, hosts h1 h2, no hostname.
        var events = Run("process where true | unique_count process_name", Hosts).Events;
        Assert.Equal("1,3", string.Join(",", events.Select(e => Field(e, "serial_event_id"))));
        Assert.Equal("2", Field(events[0], "count"));
        Assert.Equal("[\"h1\",\"h2\"]", Field(events[0], "hosts"));
        Assert.Equal("-", Field(events[0], "hostname"));
        Assert.Equal("1", Field(events[1], "count"));
    }

    [Fact]
    public void PipesComposeInAnyOrder()
    {
        Assert.Equal("2,3", Ids(Run("process where true | tail 2", Hosts)));
        Assert.Equal("1", Ids(Run("process where true | unique process_name | head 1", Hosts)));
        Assert.Equal("3,1,2", Ids(Run("process where true | sort hostname, 0 - serial_event_id | tail 3 | filter true", Hosts)));
        Assert.Equal("2", Ids(Run("process where true | filter hostname == 'H2' | unique hostname", Hosts)));
    }

    [Fact]
    public void ChildOfEndsWithTheParentsEndEvent()
    {
        // Python: [2]. late.exe (5) names the ended parent: not a child.
        Assert.Equal("2", Ids(Run("process where child of [process where process_name == 'parent.exe']", Tree)));
    }

    [Fact]
    public void WithoutTheEndEventTheLateProcessIsAChild()
    {
        var withoutEnd = string.Join('\n', Tree.Split('\n').Where(line => !line.Contains("\"serial_event_id\":3", StringComparison.Ordinal)));
        Assert.Equal("2,5", Ids(Run("process where child of [process where process_name == 'parent.exe']", withoutEnd)));
    }

    [Fact]
    public void DescendantOfFollowsGrandchildrenAndTheirEvents()
    {
        // Python: [2, 4] and, for file events, [6].
        Assert.Equal("2,4", Ids(Run("process where descendant of [process where process_name == 'parent.exe']", Tree)));
        Assert.Equal("6", Ids(Run("file where descendant of [process where process_name == 'parent.exe']", Tree)));
    }

    [Fact]
    public void EventOfMatchesEveryEventOfTheProcess()
    {
        // Python: [4, 6].
        Assert.Equal("4,6", Ids(Run("any where event of [process where process_name == 'grandchild.exe']", Tree)));
    }

    [Fact]
    public void LineageStateIsBounded()
    {
        // Two children of one parent, then a file event of the first child. With room for one related process, the
        // second child's start pushes the first out, so its file event is no longer a descendant's.
        const string twoChildren = """
            {"event_type":"process","serial_event_id":1,"opcode":1,"pid":100,"unique_pid":10,"unique_ppid":1,"process_name":"parent.exe"}
            {"event_type":"process","serial_event_id":2,"opcode":1,"pid":101,"unique_pid":11,"unique_ppid":10,"process_name":"a.exe"}
            {"event_type":"process","serial_event_id":3,"opcode":1,"pid":102,"unique_pid":12,"unique_ppid":10,"process_name":"b.exe"}
            {"event_type":"file","serial_event_id":4,"opcode":0,"pid":101,"unique_pid":11,"file_name":"x"}
            """;
        var query = "any where descendant of [process where process_name == 'parent.exe']";
        Assert.Equal("2,3,4", Ids(Run(query, twoChildren)));
        Assert.Equal("2,3", Ids(Run(query, twoChildren, lineage: LineageFields.Endgame with { MaxTracked = 1 })));
    }

    [Fact]
    public void LineageOverEcsEntityIds()
    {
        const string ecs = """
            {"event":{"category":"process","type":"start"},"id":1,"process":{"entity_id":"a","name":"bash"}}
            {"event":{"category":"process","type":"start"},"id":2,"process":{"entity_id":"b","name":"curl","parent":{"entity_id":"a"}}}
            {"event":{"category":"network"},"id":3,"process":{"entity_id":"b","name":"curl"}}
            """;
        var parsed = EqlParser.Parse("any where descendant of [process where process.name == 'bash']", EqlParserOptions.Endgame);
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EndgameDialect = true, Lineage = LineageFields.Ecs });
        var inputs = ecs.Split('\n').Select((line, i) => new EventInput(Encoding.UTF8.GetBytes(line), "inline", i + 1)).ToList();
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { InputOrder = true });
        Assert.Equal("2,3", string.Join(",", result.Events.Select(e => Field(e, "id"))));
    }

    [Fact]
    public void JoinTakesOneEventPerStageInAnyOrder()
    {
        // Python: join by hostname [process where y] [process where x]: h1 completes at event 3 with (3, 1).
        Assert.Equal("3,1", Ids(Run("join by hostname [process where process_name == 'y.exe'] [process where process_name == 'x.exe']", Hosts)));
        // The until event (2) drops h1's partial join, then fills the x stage itself (the Python engine runs until
        // first, then the stages): y at 3 completes (3, 2). Python: [3, 2].
        Assert.Equal("3,2", Ids(Run("join by hostname [process where process_name == 'y.exe'] [process where process_name == 'x.exe'] until [process where serial_event_id == 2]", Hosts.Replace("\"h2\"", "\"h1\"", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("process where a = 1", "use '=='")]
    [InlineData("process where a == ?\"x\"", "triple double quotes")]
    [InlineData("process where a[0] == 1", "array indexes are not supported")]
    [InlineData("sequence [process where true] fork [file where true]", "fork")]
    public void TheElasticsearchDialectStillRefusesTheEndgameSyntax(string query, string message)
    {
        var parsed = EqlParser.Parse(query);
        Assert.False(parsed.Success);
        Assert.Contains(message, parsed.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.True(EqlParser.Parse(query, EqlParserOptions.Endgame).Success, query);
    }

    [Theory]
    [InlineData("process where true | count")]
    [InlineData("join [process where true] [file where true]")]
    [InlineData("process where child of [process where true]")]
    public void TheElasticsearchDialectRefusesEndgameConstructsAtCompileTime(string query)
    {
        var parsed = EqlParser.Parse(query);
        Assert.True(parsed.Success);
        var error = Assert.Throws<EqlCompileException>(() => EqlCompiler.Compile(parsed.Statement!));
        Assert.NotEmpty(error.Message);
    }
}
