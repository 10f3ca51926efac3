using System.Text;
using System.Text.Json;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The Endgame pipes run on each result as it is found: the runner holds only what they pass or must keep (tail its
/// last N, count one group per key, sort everything), the output is the one the whole-list pipes give, and a pipe that
/// would hold more than the pipe memory limit stops the run with an error naming it.
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

    private static (long Held, string Ids) Stream(string query, bool foldCase = true, long? pipeMemory = null)
    {
        var runner = new QueryRunner(Compile(query, foldCase), new RunOptions { InputOrder = true, PipeMemoryBytes = pipeMemory });
        long held = 0;
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
    // Pipes that keep results until the input ends hold only what their output needs: sort every match, tail its
    // last N, count one group per key (A.exe and a.EXE are one folded key), unique_count one first match per key.
    [InlineData("process where true | sort pid | head 2", Count)]
    [InlineData("process where true | tail 2", 2)]
    [InlineData("process where true | count process_name", 2)]
    [InlineData("process where true | count", 0)]
    [InlineData("process where true | unique_count pid | head 3", 50)]
    [InlineData("process where true | tail 3 | sort pid", 3)]
    public void WholeInputPipesHoldOnlyWhatTheirOutputNeeds(string query, int held)
    {
        var (maxHeld, ids) = Stream(query);
        Assert.Equal(held, maxHeld);
        Assert.Equal(Batch(query), ids);
    }

    [Theory]
    // 10,000 events of about 100 bytes: sort, tail and unique_count over all of them need far more than 64 KiB.
    [InlineData("process where true | sort pid", 1, "sort")]
    [InlineData("process where true | filter pid > 0 | tail 5000", 2, "tail")]
    [InlineData("process where true | unique serial_event_id", 1, "unique")]
    [InlineData("process where true | head 9000 | unique_count serial_event_id", 2, "unique_count")]
    [InlineData("process where true | count serial_event_id", 1, "count")]
    public void APipeOverTheMemoryLimitStopsTheRunNamingIt(string query, int position, string name)
    {
        var error = Assert.Throws<PipeMemoryExceededException>(() => Stream(query, pipeMemory: 64 << 10));
        Assert.Equal(position, error.Pipe.Span.Start.Offset > 0 ? error.Position : -1);
        Assert.Equal(name, error.Pipe.Name);
        var column = query.IndexOf("| " + name, StringComparison.Ordinal) + 1;
        Assert.StartsWith($"1:{column}: pipe {position} ('{name}') holds more than 65536 bytes", error.Message, StringComparison.Ordinal);
        // Within the limit the same query runs to the end.
        Assert.Equal(Batch(query), Stream(query, pipeMemory: 64L << 20).Ids);
    }

    [Theory]
    // After a sequence or join, each result goes through the pipes as it completes: a head stops the search, tail
    // keeps a ring. By hand: pid is i % 50 and events alternate nothing else, so "sequence by pid [A] [b]" completes
    // one sequence per pid each time an A.exe is followed by a b.exe of the same pid.
    [InlineData("sequence by pid [process where process_name == \"A.exe\"] [process where process_name == \"b.exe\"] | head 3", 3)]
    [InlineData("sequence by pid [process where process_name == \"A.exe\"] [process where process_name == \"b.exe\"] | tail 2", 2)]
    [InlineData("join by pid [process where process_name == \"A.exe\"] [process where process_name == \"b.exe\"] | filter pid < 3 | head 2", 2)]
    [InlineData("join by pid [process where process_name == \"A.exe\"] [process where process_name == \"b.exe\"] | count", 0)]
    public void PipesStreamAfterSequencesAndJoins(string query, int held)
    {
        var compiled = Compile(query, foldCase: false);
        var runner = new QueryRunner(compiled, new RunOptions { InputOrder = true });
        long maxHeld = 0;
        for (var i = 0; i < Count; i++)
        {
            Assert.True(runner.Push(Event(i), "inline", i + 1, out _));
            maxHeld = Math.Max(maxHeld, runner.HeldResults);
        }
        var streamed = runner.Finish();
        Assert.Equal(held, maxHeld);
        // The reference: the query without pipes, then the pipes over its whole result list.
        var all = QueryRunner.Run(Compile(query[..query.IndexOf(" | ", StringComparison.Ordinal)], foldCase: false),
            Enumerable.Range(0, Count).Select(i => new EventInput(Event(i), "inline", i + 1)), new RunOptions { InputOrder = true });
        Assert.True(all.Sequences.Count > 100);
        var expected = new EndgamePipeRunner(compiled.Pipeline!).Run(all.Sequences.Select(s => new PipeRecord(s.Events, s.JoinKeys)).ToList());
        var actual = streamed.IsSequenceResult
            ? streamed.Sequences.Select(s => new PipeRecord(s.Events, s.JoinKeys)).ToList()
            : streamed.Events.Select(e => new PipeRecord([e], [])).ToList();
        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static string Describe(IEnumerable<PipeRecord> records) => string.Join("\n", records.Select(r =>
        string.Join(",", r.JoinKeys) + ":" + string.Join(" ", r.Events.Select(e => e is null ? "null" : Encoding.UTF8.GetString(e.Source.Span)))));

    [Fact]
    public void AFullHeadStopsCollecting()
    {
        var runner = new QueryRunner(Compile("process where true | head 2 | tail 1"), new RunOptions { InputOrder = true });
        for (var i = 0; i < 100; i++)
        {
            runner.Push(Event(i), "inline", i + 1, out _);
        }
        // head passed two matches and stopped the search; tail's ring holds the last of them.
        Assert.Equal(1, runner.HeldResults);
        Assert.Equal("1", Ids(runner.Finish().Events));
        Assert.Equal("", Stream("process where true | head 0").Ids);
    }
}
