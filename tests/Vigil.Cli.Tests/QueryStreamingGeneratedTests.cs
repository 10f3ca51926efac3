using System.Text;
using System.Text.Json;
using Vigil.Cli.Commands;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Simulation;

namespace Vigil.Cli.Tests;

/// <summary>
/// `vigil query` (streaming) against the in-memory <see cref="QueryRunner.Run"/> on generated Elastic Defend data
/// whose lines are shuffled within the reorder window: the same output, line for line, and no late event.
/// </summary>
public sealed class QueryStreamingGeneratedTests : IDisposable
{
    private const string FirstStage = "process where host.os.type == \"linux\" and event.type == \"start\" and event.action == \"exec\" and " +
        "process.name == \"cat\" and process.parent.name in (\"bash\", \"dash\", \"sh\", \"tcsh\", \"csh\", \"zsh\", \"ksh\", \"fish\")";

    private const string SeedSequence = "sequence by host.id, process.entity_id with maxspan=1s [" + FirstStage + "] " +
        "[network where host.os.type == \"linux\" and event.action in (\"connection_attempted\", \"disconnect_received\") and " +
        "process.name == \"cat\" and not (destination.ip == null or destination.ip == \"0.0.0.0\" or " +
        "cidrmatch(destination.ip, \"10.0.0.0/8\", \"127.0.0.0/8\", \"192.168.0.0/16\"))]";

    private readonly string folder = Directory.CreateTempSubdirectory("vigil-query-generated-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string IdOf(MatchedEvent matched)
    {
        using var document = JsonDocument.Parse(matched.Source);
        return document.RootElement.GetProperty("event").GetProperty("id").GetString()!;
    }

    // The oracle: every line in memory, ordered by QueryRunner.Run, printed as --format ids prints.
    private static string InMemoryIds(string query, List<EventInput> inputs, int? size)
    {
        var compiled = EqlCompiler.Compile(EqlParser.Parse(query).Statement!);
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { Size = size });
        var text = new StringBuilder();
        if (!result.IsSequenceResult)
        {
            foreach (var matched in result.Events)
            {
                text.Append(IdOf(matched)).Append('\n');
            }
            return text.ToString();
        }
        foreach (var sequence in result.Sequences)
        {
            text.Append(string.Join(' ', sequence.Events.Select(e => e is null ? "-1" : IdOf(e)))).Append('\n');
        }
        return text.ToString();
    }

    [Fact]
    public void StreamedOutputEqualsTheInMemoryRunOnShuffledGeneratedData()
    {
        var generated = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 3, Events = 5_000, Seed = 5, AttackRate = 80 }).Generate(generated);
        var lines = Encoding.UTF8.GetString(generated.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Each line moves to its event time plus up to 4 s: out of order, but by less than the 5 s default window.
        var random = new Random(7);
        var shuffled = lines
            .Select(line => (Line: line, Key: JsonDocument.Parse(line).RootElement.GetProperty("@timestamp").GetDateTimeOffset()
                .AddMilliseconds(random.Next(0, 4_000))))
            .OrderBy(x => x.Key)
            .Select(x => x.Line)
            .ToList();
        Assert.NotEqual(lines, shuffled);
        var path = Path.Combine(folder, "shuffled.ndjson");
        File.WriteAllText(path, string.Join('\n', shuffled) + "\n");
        var inputs = shuffled.Select((line, i) => new EventInput(Encoding.UTF8.GetBytes(line), path, i + 1)).ToList();

        (string Query, int? Size)[] cases =
        [
            (FirstStage, null),
            (FirstStage + " | head 3", null),
            (FirstStage + " | tail 3", null),
            (FirstStage + " | tail 10 | head 4", null),
            ("network where process.name == \"cat\"", 5),
            (SeedSequence, null),
            (SeedSequence + " | tail 2", null),
            ("sequence by host.id with maxspan=5s [process where event.type == \"start\" and process.name == \"cat\"] [network where true]", 20),
        ];
        foreach (var (query, size) in cases)
        {
            var expected = InMemoryIds(query, inputs, size);
            Assert.True(expected.Length > 0, $"no match for {query}: the comparison would be vacuous");
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            var code = QueryCommand.Run(query, [path], new QueryCommandOptions { Ids = true, Size = size }, stdout, stderr);
            Assert.True((0, "") == (code, stderr.ToString()), $"{query}: exit {code}: {stderr}");
            Assert.True(expected == stdout.ToString(), $"{query}\nin memory:\n{expected}\nstreamed:\n{stdout}");
        }

        // JSONL prints the matched lines themselves, in time order.
        var jsonl = new StringWriter { NewLine = "\n" };
        Assert.Equal(0, QueryCommand.Run(FirstStage, [path], new QueryCommandOptions(), jsonl, TextWriter.Null));
        var compiled = EqlCompiler.Compile(EqlParser.Parse(FirstStage).Statement!);
        var expectedLines = QueryRunner.Run(compiled, inputs).Events.Select(e => Encoding.UTF8.GetString(e.Source.Span) + "\n");
        Assert.Equal(string.Concat(expectedLines), jsonl.ToString());
    }

    [Fact]
    public void EventsBehindTheWindowAreReportedAsLate()
    {
        var generated = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 2, Events = 3_000, Seed = 9, AttackRate = 100 }).Generate(generated);
        var lines = Encoding.UTF8.GetString(generated.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The first half moved to the end: far behind what the buffer has released.
        var half = lines.Length / 2;
        var path = Path.Combine(folder, "late.ndjson");
        File.WriteAllText(path, string.Join('\n', lines.Skip(half).Concat(lines.Take(half))) + "\n");
        var stderr = new StringWriter { NewLine = "\n" };
        var code = QueryCommand.Run("sequence by host.id [process where true] [network where true]", [path],
            new QueryCommandOptions { Ids = true, ReorderWindow = TimeSpan.FromSeconds(1) }, TextWriter.Null, stderr);
        Assert.Equal(0, code);
        Assert.Contains("arrived later than the reorder window", stderr.ToString(), StringComparison.Ordinal);
    }
}
