using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The process-tree state of a lineage test stays bounded: processes that end are forgotten (at the next process
/// event, as the Python engine applies ends), so after many processes started and ended it falls back to the
/// processes still running.
/// </summary>
public sealed class EndgameLineageStateTests
{
    private const int Children = 20_000;

    private static byte[] Process(long serial, long pid, long? parent, int opcode, string name) => Encoding.UTF8.GetBytes(
        $"{{\"event_type\":\"process\",\"serial_event_id\":{serial},\"opcode\":{opcode},\"pid\":{pid},\"unique_pid\":{pid}," +
        $"{(parent is { } p ? $"\"unique_ppid\":{p}," : "")}\"process_name\":\"{name}\"}}");

    private static QueryRunner Runner(string query)
    {
        var parsed = EqlParser.Parse(query, EqlParserOptions.Endgame);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EventCategoryField = "event_type", EndgameDialect = true, CaseInsensitiveEquality = true });
        return new QueryRunner(compiled, new RunOptions { InputOrder = true });
    }

    [Theory]
    [InlineData("process where descendant of [process where process_name == \"root.exe\"]")]
    [InlineData("process where child of [process where process_name == \"root.exe\"]")]
    [InlineData("process where event of [process where process_name == \"child.exe\"]")]
    public void TheTreeStateFallsBackWhenProcessesEnd(string query)
    {
        var runner = Runner(query);
        long serial = 0;
        // root.exe (pid 10) starts 20,000 children (pids 1000...), all running at once, then each ends.
        Assert.True(runner.Push(Process(++serial, 10, 1, 1, "root.exe"), "in", serial, out _));
        for (var i = 0; i < Children; i++)
        {
            Assert.True(runner.Push(Process(++serial, 1000 + i, 10, 1, "child.exe"), "in", serial, out _));
        }
        var whileRunning = runner.LineageHeldEntries;
        // Every child is tracked (and its age entry): at least one entry each.
        Assert.True(whileRunning >= Children, $"{whileRunning} entries while {Children} children run");
        for (var i = 0; i < Children; i++)
        {
            Assert.True(runner.Push(Process(++serial, 1000 + i, 10, 2, "child.exe"), "in", serial, out _));
        }
        // One more process event applies the last end.
        Assert.True(runner.Push(Process(++serial, 5, 1, 1, "other.exe"), "in", serial, out _));
        var afterEnds = runner.LineageHeldEntries;
        // Left: root.exe as a source (and its age entry), within the queue's slack of 16 stale entries.
        Assert.True(afterEnds <= 2 + 2 + 16, $"{afterEnds} entries after every child ended (was {whileRunning})");
        // By hand: every child's start and end event is related to root.exe (its end still is: the end applies at
        // the next process event); root.exe and other.exe are not.
        Assert.Equal(2 * Children, runner.Finish().Events.Count);
    }

    [Fact]
    public void ARestartedPidIsNotRelatedOnceItsProcessEnded()
    {
        var runner = Runner("process where descendant of [process where process_name == \"root.exe\"]");
        runner.Push(Process(1, 10, 1, 1, "root.exe"), "in", 1, out _);
        runner.Push(Process(2, 20, 10, 1, "child.exe"), "in", 2, out _);
        runner.Push(Process(3, 20, 10, 2, "child.exe"), "in", 3, out _);
        // pid 20 comes back with another parent: the old child ended, so it is no descendant now.
        runner.Push(Process(4, 20, 7, 1, "again.exe"), "in", 4, out _);
        runner.Push(Process(5, 20, 7, 1, "again.exe"), "in", 5, out _);
        var ids = runner.Finish().Events.Select(e => System.Text.Json.JsonDocument.Parse(e.Source).RootElement.GetProperty("serial_event_id").GetInt64());
        Assert.Equal([2L, 3L], ids);
    }
}
