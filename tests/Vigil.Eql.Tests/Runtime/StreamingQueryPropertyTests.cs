using System.Globalization;
using System.Text;
using CsCheck;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// Streaming (prefilter, then <see cref="StreamingQuery"/> with its reorder buffer and bounded head/tail keeping) must
/// give exactly what the in-memory <see cref="QueryRunner.Run"/> gives, for random events arriving out of time order
/// by less than the reorder window: event queries with and without pipes and size, sequences (keys, maxspan, until,
/// missing events), samples; equal timestamps, tiebreakers, events without a timestamp.
/// </summary>
public sealed class StreamingQueryPropertyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly DateTime Base = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Categories = ["process", "network", "file"];
    private static readonly string[] Names = ["x", "y", "z"];
    private static readonly string[] Users = ["a", "b", "c"];

    private static readonly string[] Queries =
    [
        "process where name == \"x\"",
        "any where true",
        "process where name == \"x\" | head 3",
        "any where user == \"a\" | tail 2",
        "any where true | head 5 | tail 2",
        "any where true | tail 4 | head 2",
        "network where name != \"z\" | tail 3 | tail 1",
        "process where name : \"x\" or name == \"y\" | head 0",
        "sequence by user [process where name == \"x\"] [network where true]",
        "sequence by user with maxspan=30s [process where true] [file where name == \"y\"] until [network where name == \"z\"]",
        "sequence [process where name == \"x\"] ![file where true] [network where true]",
        "sequence by user [process where true] [process where true] | tail 3",
        "sequence by user [any where name == \"y\"] [any where name == \"z\"] | head 2",
        "sample by user [process where true] [network where true]",
    ];

    private sealed record Case(int Query, int? Size, bool Tiebreaker, List<(long Key, string Line)> Events);

    private static Case Generate(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(0, 60);
        var events = new List<(long Key, string Line)>();
        for (var i = 1; i <= count; i++)
        {
            // Whole seconds over two minutes: many equal timestamps, broken by the tiebreaker or input order.
            var seconds = random.Next(0, 120);
            var hasTime = random.Next(15) > 0;
            var line = new StringBuilder("{");
            if (hasTime)
            {
                line.Append(CultureInfo.InvariantCulture, $"\"@timestamp\":\"{Base.AddSeconds(seconds):yyyy-MM-ddTHH:mm:ss.fffZ}\",");
            }
            line.Append(CultureInfo.InvariantCulture,
                $"\"id\":{i},\"seq\":{random.Next(3)},\"event\":{{\"category\":\"{Categories[random.Next(3)]}\"}},\"name\":\"{Names[random.Next(3)]}\",\"user\":\"{Users[random.Next(3)]}\"}}");
            // Arrival: event time plus a jitter shorter than the window, so no event can arrive behind a released one.
            var jitter = (long)(random.NextDouble() * (Window.TotalMilliseconds - 1));
            var key = hasTime ? seconds * 1000L + jitter : random.Next(0, 130_000);
            events.Add((key, line.ToString()));
        }
        events.Sort((a, b) => a.Key.CompareTo(b.Key));
        return new Case(random.Next(Queries.Length), random.Next(3) == 0 ? random.Next(0, 5) : null, random.Next(2) == 0, events);
    }

    private static string Describe(QueryResult result)
    {
        static string Id(MatchedEvent? e) => e is null ? "-" : $"{e.Origin}:{e.Line}";
        if (!result.IsSequenceResult)
        {
            return string.Join(",", result.Events.Select(Id));
        }
        return string.Join(" | ", result.Sequences.Select(s =>
            string.Join(",", s.Events.Select(Id)) + " [" + string.Join(",", s.JoinKeys.Select(k => k ?? "null")) + "]"));
    }

    private static (string InMemory, string Streamed, long Late) RunBoth(Case testCase)
    {
        var text = Queries[testCase.Query];
        var parsed = EqlParser.Parse(text);
        Assert.True(parsed.Success, text);
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions { TiebreakerField = testCase.Tiebreaker ? "seq" : null });
        var run = new RunOptions { Size = testCase.Size };
        var inputs = testCase.Events.Select((e, i) => new EventInput(Encoding.UTF8.GetBytes(e.Line), "in", i + 1)).ToList();
        var inMemory = QueryRunner.Run(compiled, inputs, run);

        var stream = new StreamingQuery(compiled, run, new ReorderOptions { Window = Window, MaxEvents = 1_000 });
        var prefilter = LinePrefilter.Create(RequiredLiterals.ForStatement(parsed.Statement!));
        var errors = new List<InputError>();
        var sink = new StreamingQuerySink(stream, prefilter, errors.Add);
        var ndjson = string.Join("\n", testCase.Events.Select(e => e.Line)) + "\n";
        InputReader.ReadStream(new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), "in", sink);
        Assert.Empty(errors);
        return (Describe(inMemory), Describe(stream.Finish()), stream.LateEvents);
    }

    [Fact]
    public void StreamingEqualsInMemoryForEventsOutOfOrderWithinTheWindow()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var testCase = Generate(seed);
            var (inMemory, streamed, late) = RunBoth(testCase);
            Assert.Equal(0, late);
            Assert.True(inMemory == streamed, $"seed {seed}, query {Queries[testCase.Query]}, size {testCase.Size}: {inMemory} != {streamed}");
        }, iter: 400);
    }

    [Fact]
    public void EveryQueryShapeIsExercisedWithMatches()
    {
        // Guards the property above against passing on empty results only.
        var nonEmpty = new HashSet<int>();
        for (var seed = 0; seed < 400 && nonEmpty.Count < Queries.Length - 1; seed++)
        {
            var testCase = Generate(seed);
            if (RunBoth(testCase).InMemory.Length > 0)
            {
                nonEmpty.Add(testCase.Query);
            }
        }
        // Only "head 0" never returns anything.
        Assert.Equal(Queries.Length - 1, nonEmpty.Count);
    }

    [Fact]
    public void AnEventBehindTheWindowIsLateAndCounted()
    {
        var parsed = EqlParser.Parse("sequence [process where true] [network where true]");
        var compiled = EqlCompiler.Compile(parsed.Statement!);
        var stream = new StreamingQuery(compiled, null, new ReorderOptions { Window = TimeSpan.FromSeconds(1) });
        byte[]? copy = null;
        Assert.True(stream.Offer("{\"@timestamp\":\"2026-01-01T00:00:10Z\",\"event\":{\"category\":\"network\"}}"u8, 0, "in", 1, ref copy, out _));
        copy = null;
        Assert.True(stream.Offer("{\"@timestamp\":\"2026-01-01T00:00:20Z\",\"event\":{\"category\":\"network\"}}"u8, 1, "in", 2, ref copy, out _));
        copy = null;
        // 10 s before the event already released by the 1 s window.
        Assert.True(stream.Offer("{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"category\":\"process\"}}"u8, 2, "in", 3, ref copy, out _));
        Assert.Equal(1, stream.LateEvents);
        // Evaluated anyway, out of order: the process event pairs with the later network event still waiting.
        var result = stream.Finish();
        Assert.Equal("in:3,in:2 []", Describe(result));
    }

    [Fact]
    public void BoundedHeadKeepsOnlyWhatCanBeInTheResult()
    {
        var parsed = EqlParser.Parse("any where true | tail 2");
        var compiled = EqlCompiler.Compile(parsed.Statement!);
        var stream = new StreamingQuery(compiled);
        for (var i = 0; i < 50; i++)
        {
            byte[]? copy = null;
            // Descending time: the two latest events are the first two offered.
            var json = Encoding.UTF8.GetBytes($"{{\"@timestamp\":\"{Base.AddSeconds(100 - i):yyyy-MM-ddTHH:mm:ssZ}\"}}");
            Assert.True(stream.Offer(json, i, "in", i + 1, ref copy, out _));
        }
        Assert.Equal("in:2,in:1", Describe(stream.Finish()));
    }

    [Fact]
    public void HandedOverEventMatchesSortByOrdinalIntoTheInMemoryResultAndLeaveTheStream()
    {
        var parsed = EqlParser.Parse("process where user.name == \"a\"");
        var compiled = EqlCompiler.Compile(parsed.Statement!);
        var stream = new StreamingQuery(compiled);
        Assert.True(stream.HandsOverEventMatches);
        var inputs = new List<EventInput>();
        var taken = new List<MatchedEvent>();
        for (var i = 0; i < 30; i++)
        {
            // Out of time order, ties, and every third event by another user.
            var json = Encoding.UTF8.GetBytes(
                $"{{\"@timestamp\":\"{Base.AddSeconds((i * 7) % 11):yyyy-MM-ddTHH:mm:ssZ}\",\"event\":{{\"category\":\"process\"}},\"user\":{{\"name\":\"{(i % 3 == 0 ? "b" : "a")}\"}}}}");
            inputs.Add(new EventInput(json, "in", i + 1));
            byte[]? copy = null;
            Assert.True(stream.Offer(json, i, "in", i + 1, ref copy, out _));
            if (i % 4 == 0)
            {
                stream.TakeEventMatches(taken);
            }
        }
        stream.TakeEventMatches(taken);
        Assert.Equal(20, taken.Count);
        Assert.Empty(stream.Finish().Events);
        taken.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        Assert.Equal(Describe(QueryRunner.Run(compiled, inputs)), string.Join(",", taken.Select(e => $"{e.Origin}:{e.Line}")));

        var sequence = new StreamingQuery(EqlCompiler.Compile(EqlParser.Parse("sequence [process where true] [network where true]").Statement!));
        Assert.False(sequence.HandsOverEventMatches);
        Assert.Throws<InvalidOperationException>(() => sequence.TakeEventMatches(taken));
    }
}
