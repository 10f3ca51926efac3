using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Eql.Tests.Semantics;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The streamed Endgame pipes (<see cref="EndgamePipeStream"/>, fed as results are found, after event queries,
/// sequences and joins) give exactly what the whole-list evaluation (<see cref="EndgamePipeRunner.Run"/> over every
/// result of the query without its pipes) gives, for random chains of pipes over the Endgame QA data (the stand-in of
/// endgame-140, with a hostname added so count's hosts are exercised), in both case modes.
/// </summary>
public sealed class EndgamePipeStreamPropertyTests
{
    private static readonly string[] Bases =
    [
        "any where true",
        "process where opcode in (1, 3)",
        "sequence by unique_pid [process where true] [file where true]",
        "sequence [process where opcode == 1] by unique_pid [process where true] by unique_ppid",
        "join by unique_pid [process where true] [file where true]",
        "join [process where opcode == 1] by unique_pid [any where true] by unique_ppid",
    ];

    private static readonly string[] Pipes =
    [
        "head 0", "head 1", "head 3", "head 40", "tail 0", "tail 1", "tail 4", "tail 500",
        "filter opcode == 1", "filter process_name == \"*.EXE\"", "filter events[1].event_type == \"file\"", "filter hostname != null",
        "unique process_name", "unique unique_pid", "unique events[1].process_name, opcode",
        "unique_count process_name", "unique_count opcode", "unique_count hostname",
        "count", "count process_name", "count event_type, opcode", "count hostname",
        "sort process_name", "sort pid", "sort hostname, serial_event_id", "sort count",
    ];

    private static readonly Lazy<List<EventInput>?> Events = new(Load);

    private static List<EventInput>? Load()
    {
        if (SharedFolder.Combine("corpus", "eql-elasticsearch", "data", "endgame-140.stand-in.json") is not { } path)
        {
            return null;
        }
        var inputs = new List<EventInput>();
        var line = 0;
        foreach (var node in JsonNode.Parse(File.ReadAllText(path))!.AsArray())
        {
            var item = node!.AsObject();
            var id = item["serial_event_id"]!.GetValue<long>();
            // Hosts in three cases of one name, and none for every fifth event.
            if (id % 5 != 0)
            {
                item["hostname"] = (id % 3) switch { 0 => "HOST-A", 1 => "host-a", _ => "host-b" };
            }
            inputs.Add(new EventInput(Encoding.UTF8.GetBytes(item.ToJsonString()), "endgame-140", ++line));
        }
        return inputs;
    }

    private static CompiledQuery Compile(string query, bool foldCase)
    {
        var parsed = EqlParser.Parse(query, EqlParserOptions.Endgame);
        Assert.True(parsed.Success, query + ": " + string.Join("; ", parsed.Diagnostics));
        return EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EventCategoryField = "event_type", EndgameDialect = true, CaseInsensitiveEquality = foldCase });
    }

    private static string Render(MatchedEvent? matched) => matched is null ? "null" : Encoding.UTF8.GetString(matched.Source.Span);

    private static string Streamed(string query, bool foldCase, List<EventInput> events)
    {
        var result = QueryRunner.Run(Compile(query, foldCase), events, new RunOptions { InputOrder = true });
        return result.IsSequenceResult
            ? string.Join("\n", result.Sequences.Select(s => string.Join(",", s.JoinKeys) + " | " + string.Join(" ", s.Events.Select(Render))))
            : string.Join("\n", result.Events.Select(Render));
    }

    private static string WholeList(string baseQuery, string query, bool foldCase, List<EventInput> events)
    {
        var all = QueryRunner.Run(Compile(baseQuery, foldCase), events, new RunOptions { InputOrder = true });
        var records = all.IsSequenceResult
            ? all.Sequences.Select(s => new PipeRecord(s.Events, s.JoinKeys)).ToList()
            : all.Events.Select(e => new PipeRecord([e], [])).ToList();
        var output = new EndgamePipeRunner(Compile(query, foldCase).Pipeline!).Run(records);
        // A count anywhere in the chain makes the output aggregate events; otherwise sequences stay sequences.
        var asSequences = all.IsSequenceResult && !query.Contains("| count", StringComparison.Ordinal);
        return asSequences
            ? string.Join("\n", output.Select(r => string.Join(",", r.JoinKeys) + " | " + string.Join(" ", r.Events.Select(Render))))
            : string.Join("\n", output.Select(r => Render(r.Events[0])));
    }

    [Fact]
    public void StreamedPipesEqualTheWholeListEvaluation()
    {
        if (Events.Value is not { } events)
        {
            return;
        }
        var chains = Gen.Select(Gen.Int[0, Bases.Length - 1], Gen.Int[0, Pipes.Length - 1].Array[1, 4], Gen.Bool);
        var nonEmpty = 0;
        chains.Sample((baseIndex, pipes, foldCase) =>
        {
            var baseQuery = Bases[baseIndex];
            var query = baseQuery + string.Concat(pipes.Select(p => " | " + Pipes[p]));
            var expected = WholeList(baseQuery, query, foldCase, events);
            var actual = Streamed(query, foldCase, events);
            nonEmpty += expected.Length > 0 ? 1 : 0;
            Assert.True(expected == actual, $"{query} (fold case: {foldCase})\nwhole list:\n{expected}\nstreamed:\n{actual}");
        }, iter: 300);
        // Guards against a property that holds only on empty results.
        Assert.True(nonEmpty > 150, $"only {nonEmpty} chains gave results");
    }

    [Theory]
    // Chains that put every kind of pipe after a sequence and a join, by hand.
    [InlineData("sequence by unique_pid [process where true] [file where true] | tail 2 | unique_count process_name | sort count")]
    [InlineData("join by unique_pid [process where true] [file where true] | sort events[1].file_name | head 2 | count hostname")]
    [InlineData("join by unique_pid [process where true] [file where true] | unique_count hostname | filter count > 1 | tail 1")]
    [InlineData("any where true | count process_name | sort count | head 3 | unique_count count")]
    public void LongChainsEqualTheWholeListEvaluation(string query)
    {
        if (Events.Value is not { } events)
        {
            return;
        }
        var baseQuery = query[..query.IndexOf(" | ", StringComparison.Ordinal)];
        foreach (var foldCase in new[] { true, false })
        {
            var expected = WholeList(baseQuery, query, foldCase, events);
            Assert.NotEqual("", expected);
            Assert.Equal(expected, Streamed(query, foldCase, events));
        }
    }

    [Theory]
    // unique_count after a count of nothing: the counts add up to 0, which Python's engine divides by and stops on.
    [InlineData("process where opcode == 999 | count | unique_count process_name")]
    [InlineData("join [process where opcode == 1] by unique_pid [any where true] by unique_ppid | filter events[1].event_type == \"file\" | count | unique_count process_name")]
    public void AShareOfNothingIsNullNotAnError(string query)
    {
        if (Events.Value is not { } events)
        {
            return;
        }
        var baseQuery = query[..query.IndexOf(" | ", StringComparison.Ordinal)];
        foreach (var foldCase in new[] { true, false })
        {
            var streamed = Streamed(query, foldCase, events);
            using var record = JsonDocument.Parse(streamed);
            Assert.Equal(0, record.RootElement.GetProperty("count").GetInt64());
            Assert.Equal(JsonValueKind.Null, record.RootElement.GetProperty("percent").ValueKind);
            Assert.Equal(WholeList(baseQuery, query, foldCase, events), streamed);
        }
    }
}
