using System.Text;
using System.Text.Json;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The leading head / filter / unique pipes of an Endgame event query run on each match as it is found: the runner
/// holds only what they pass, and the output is the one the whole-list pipes give.
/// </summary>
public sealed class EndgameStreamingPipeTests
{
    private const int Count = 10_000;

    private static byte[] Event(int i) => Encoding.UTF8.GetBytes(
        $"{{\"event_type\":\"process\",\"serial_event_id\":{i},\"process_name\":\"{(i % 3 == 0 ? "A.exe" : i % 3 == 1 ? "b.exe" : "a.EXE")}\",\"pid\":{i % 50}}}");

    private static CompiledQuery Compile(string query, bool foldCase = true)
    {
        var parsed = EqlParser.Parse(query, EqlParserOptions.Endgame);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        return EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EventCategoryField = "event_type", EndgameDialect = true, CaseInsensitiveEquality = foldCase });
    }

    private static (int Held, string Ids) Stream(string query, bool foldCase = true)
    {
        var runner = new QueryRunner(Compile(query, foldCase), new RunOptions { InputOrder = true });
        var held = 0;
        for (var i = 0; i < Count; i++)
        {
            Assert.True(runner.Push(Event(i), "inline", i + 1, out _));
            held = Math.Max(held, runner.HeldResults);
        }
        return (held, Ids(runner.Finish().Events));
    }

    private static string Ids(IEnumerable<MatchedEvent> events) => string.Join(",", events.Select(e =>
        JsonDocument.Parse(e.Source).RootElement.TryGetProperty("serial_event_id", out var id) ? id.GetRawText() : "agg"));

    // The same pipes over the whole list of matches (the way they ran before streaming): the reference output.
    private static string Batch(string query, bool foldCase = true)
    {
        var compiled = Compile(query, foldCase);
        var all = new List<PipeRecord>();
        var matchAll = Compile("process where true");
        var inputs = Enumerable.Range(0, Count).Select(i => new EventInput(Event(i), "inline", i + 1));
        foreach (var matched in QueryRunner.Run(matchAll, inputs, new RunOptions { InputOrder = true }).Events)
        {
            all.Add(new PipeRecord([matched], []));
        }
        return Ids(new EndgamePipeRunner(compiled.Pipeline!).Run(all).Select(r => r.Events[0]!));
    }

    [Theory]
    // query, most results held at any time, by hand: names cycle A.exe, b.exe, a.EXE (two keys folded), pid is i % 50;
    // the third: pids 49 at i = 49, 99, 149 pass the head, and unique keeps b.exe and A.exe.
    [InlineData("process where true | unique process_name", 2)]
    [InlineData("process where true | filter pid == 7 | unique process_name", 2)]
    [InlineData("process where true | head 5 | sort process_name", 5)]
    [InlineData("process where true | filter pid > 48 | head 3 | unique process_name | count process_name", 2)]
    [InlineData("process where true | unique pid | filter pid < 10 | head 4", 4)]
    public void LeadingStreamablePipesHoldOnlyWhatTheyPass(string query, int held)
    {
        var (maxHeld, ids) = Stream(query);
        Assert.Equal(held, maxHeld);
        Assert.Equal(Batch(query), ids);
    }

    [Fact]
    public void CaseSensitiveUniqueKeepsThreeNames()
    {
        var (held, ids) = Stream("process where true | unique process_name", foldCase: false);
        Assert.Equal(3, held);
        Assert.Equal("0,1,2", ids);
        // Folding case, A.exe and a.EXE are one key: the first of each.
        Assert.Equal("0,1", Stream("process where true | unique process_name").Ids);
    }

    [Theory]
    // A pipe that needs every result first: sort, tail, count and unique_count hold all matches.
    [InlineData("process where true | sort pid | head 2")]
    [InlineData("process where true | tail 2")]
    [InlineData("process where true | count process_name")]
    public void WholeInputPipesHoldEveryMatch(string query)
    {
        var (held, ids) = Stream(query);
        Assert.Equal(Count, held);
        Assert.Equal(Batch(query), ids);
    }

    [Fact]
    public void AFullHeadStopsCollecting()
    {
        var runner = new QueryRunner(Compile("process where true | head 2 | tail 1"), new RunOptions { InputOrder = true });
        for (var i = 0; i < 100; i++)
        {
            runner.Push(Event(i), "inline", i + 1, out _);
        }
        Assert.Equal(2, runner.HeldResults);
        Assert.Equal("1", Ids(runner.Finish().Events));
        Assert.Equal("", Stream("process where true | head 0").Ids);
    }
}
