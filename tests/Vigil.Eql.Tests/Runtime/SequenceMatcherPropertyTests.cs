using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The streaming sequence matcher must agree with the naive reference on random inputs: orderings with equal
/// timestamps, maxspan at and around its edge, until, runs, missing events in every position, optional and
/// multi-valued keys (duplicates and nulls inside arrays).
/// </summary>
public sealed class SequenceMatcherPropertyTests
{
    private static readonly string[] Categories = ["a", "b", "c"];

    private static readonly string?[][] KeyShapes =
    [
        ["x"], ["y"], ["x", "y"], ["y", "x", "x"], [null, "x"], [null],
    ];

    private static (ModelQuery Query, List<ModelEvent> Events) Generate(int seed)
    {
        var random = new Random(seed);
        var stageCount = random.Next(2, 5);
        var stages = new List<ModelStage>();
        for (var i = 0; i < stageCount; i++)
        {
            var stage = new ModelStage(Categories[random.Next(3)], random.Next(3), random.Next(4) == 0);
            stages.Add(stage);
            if (!stage.IsMissing && random.Next(5) == 0)
            {
                stages.Add(stage);
            }
        }
        if (stages.All(s => s.IsMissing))
        {
            stages[random.Next(stages.Count)] = stages[0] with { IsMissing = false };
        }
        var until = random.Next(4) == 0 ? new ModelStage(Categories[random.Next(3)], random.Next(3), false) : null;
        var query = new ModelQuery(stages, until, Keyed: random.Next(3) > 0, OptionalKey: random.Next(2) == 0,
            MaxSpanMs: random.Next(3) == 0 ? 0 : random.Next(1, 8));
        var events = new List<ModelEvent>();
        var count = random.Next(0, 13);
        for (var id = 1; id <= count; id++)
        {
            var keys = random.Next(5) == 0 ? null : KeyShapes[random.Next(KeyShapes.Length)];
            events.Add(new ModelEvent(random.Next(0, 12), id, Categories[random.Next(3)], keys, random.Next(3)));
        }
        // Input order is shuffled: the runner orders by timestamp, then tiebreaker.
        return (query, events.OrderBy(_ => random.Next()).ToList());
    }

    private static string QueryText(ModelQuery query)
    {
        var text = new StringBuilder("sequence");
        var key = query.OptionalKey ? "?k" : "k";
        if (query.Keyed)
        {
            text.Append(" by ").Append(key);
        }
        if (query.MaxSpanMs > 0)
        {
            text.Append(" with maxspan=").Append(query.MaxSpanMs.ToString(CultureInfo.InvariantCulture)).Append("ms");
        }
        // Runs are written as repeated stages here; the dedicated test below checks `with runs=N`.
        foreach (var stage in query.Stages)
        {
            text.Append(stage.IsMissing ? " ![" : " [").Append(stage.Category).Append(" where v >= ")
                .Append(stage.MinValue.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        if (query.Until is { } until)
        {
            text.Append(" until [").Append(until.Category).Append(" where v >= ")
                .Append(until.MinValue.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return text.ToString();
    }

    private static EqlStatement Statement(ModelQuery query)
    {
        var none = SourceSpan.None;
        QueryStage Stage(ModelStage stage) => new(none,
            new EventQuery(none, stage.Category, new ComparisonExpression(none, ComparisonOperator.GreaterThanOrEqual,
                new FieldReference(none, "v", false), new IntegerLiteral(none, stage.MinValue))),
            ValueList<Expression>.Empty, null, stage.IsMissing);
        var keys = query.Keyed ? ValueList.Of<Expression>(new FieldReference(none, "k", query.OptionalKey)) : ValueList<Expression>.Empty;
        var maxSpan = query.MaxSpanMs > 0 ? new TimeSpanLiteral(none, query.MaxSpanMs, "ms") : null;
        var sequence = new SequenceQuery(none, keys, maxSpan, ValueList.From(query.Stages.Select(Stage)),
            query.Until is { } until ? Stage(until) : null);
        return new EqlStatement(none, sequence, ValueList<Pipe>.Empty);
    }

    private static EventInput Json(ModelEvent e, int line)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("@timestamp", e.Timestamp);
            writer.WriteNumber("id", e.Id);
            writer.WriteString("event.category", e.Category);
            writer.WriteNumber("v", e.Value);
            if (e.Keys is { } keys)
            {
                writer.WriteStartArray("k");
                foreach (var k in keys)
                {
                    if (k is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        writer.WriteStringValue(k);
                    }
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return new EventInput(buffer.ToArray(), "generated", line);
    }

    private static List<(long[] Ids, string? Key)> RunEngine(ModelQuery query, List<ModelEvent> events, int purgeInterval)
    {
        // The AST is built directly (parsing is tested elsewhere and would dominate the run time).
        var compiled = EqlCompiler.Compile(Statement(query), new CompileOptions { TiebreakerField = "id" });
        var inputs = events.Select((e, i) => Json(e, i + 1)).ToList();
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { StatePurgeInterval = purgeInterval });
        return result.Sequences.Select(s => (
            s.Events.Select(e => e is null ? -1 : JsonDocument.Parse(e.Source).RootElement.GetProperty("id").GetInt64()).ToArray(),
            query.Keyed ? s.JoinKeys[0] : null)).ToList();
    }

    private static string Describe(ModelQuery query, List<ModelEvent> events) =>
        QueryText(query) + "\n" + string.Join("\n", events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id)
            .Select(e => $"t={e.Timestamp} id={e.Id} {e.Category} v={e.Value} k=[{(e.Keys is null ? "absent" : string.Join(",", e.Keys.Select(k => k ?? "null")))}]"));

    private static string Format(List<(long[] Ids, string? Key)> results) =>
        string.Join(" | ", results.Select(r => $"[{string.Join(",", r.Ids)}] {r.Key ?? "null"}"));

    [Fact]
    public void StreamingMatcherAgreesWithTheNaiveReference()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var (query, events) = Generate(seed);
            var expected = Format(ReferenceSequenceMatcher.Run(query, events));
            // Purging after every event exercises the expiry paths that long streams take.
            var purgeInterval = seed % 2 == 0 ? 1 : 4096;
            var actual = Format(RunEngine(query, events, purgeInterval));
            Assert.True(expected == actual, $"seed {seed} :: {Describe(query, events).Replace("\n", " ; ", StringComparison.Ordinal)} :: expected {expected} :: actual {actual}");
        }, iter: 10_000);
    }

    [Fact]
    public void RunsEqualsRepeatedStages()
    {
        const string Events = """
            {"@timestamp": 1, "id": 1, "event.category": "a", "k": "x"}
            {"@timestamp": 2, "id": 2, "event.category": "b", "k": "x"}
            {"@timestamp": 3, "id": 3, "event.category": "b", "k": "x"}
            {"@timestamp": 4, "id": 4, "event.category": "b", "k": "x"}
            """;
        string Ids(string queryText)
        {
            var compiled = EqlCompiler.Compile(EqlParser.Parse(queryText).Statement!, new CompileOptions { TiebreakerField = "id" });
            var inputs = Events.Split('\n').Select((line, i) => new EventInput(Encoding.UTF8.GetBytes(line), "t", i + 1)).ToList();
            var result = QueryRunner.Run(compiled, inputs);
            return string.Join(" | ", result.Sequences.Select(s => string.Join(",", s.Events.Select(e => JsonDocument.Parse(e!.Source).RootElement.GetProperty("id").GetInt64()))));
        }
        var withRuns = Ids("sequence by k [a where true] [b where true] with runs=2");
        Assert.Equal(Ids("sequence by k [a where true] [b where true] [b where true]"), withRuns);
        Assert.Equal("1,2,3", withRuns);
    }
}
