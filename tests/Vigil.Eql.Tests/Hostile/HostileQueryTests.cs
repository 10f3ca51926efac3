using System.Diagnostics;
using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Hostile;

/// <summary>Hostile queries: diagnostics capped and excerpted, parsing linear; sequence state within its budget.</summary>
public sealed class HostileQueryTests
{
    public static TheoryData<string> Hostile(int n) => new()
    {
        "process where process.name == \"" + string.Concat(Enumerable.Repeat("\\x", n)),
        "process where process.name == \"" + new string('\\', 2 * n) + "\"\"\"" + new string('\\', 2 * n),
        "process where " + string.Concat(Enumerable.Repeat("(", n)),
        "process where " + string.Concat(Enumerable.Repeat("a == 1 and ", n)) + "@",
        string.Concat(Enumerable.Repeat("\u001b[2J\"", n)),
    };

    public static TheoryData<string> HostileQueries => Hostile(20_000);

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public void Diagnostics_are_capped_excerpted_and_fast(string query)
    {
        var watch = Stopwatch.StartNew();
        var result = EqlParser.Parse(query);
        var lines = DiagnosticFormatter.FormatAll(result.Diagnostics, query);
        watch.Stop();
        Assert.False(result.Success);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(lines.Count <= DiagnosticFormatter.DefaultLimit + 1);
        if (result.Diagnostics.Length > DiagnosticFormatter.DefaultLimit)
        {
            Assert.Equal($"... and {result.Diagnostics.Length - DiagnosticFormatter.DefaultLimit} more errors", lines[^1]);
        }
        foreach (var line in lines)
        {
            Assert.True(line.Length < 600, "an excerpt, not the whole line");
            Assert.DoesNotContain('\u001b', line);
        }
    }

    [Fact]
    public void Parsing_time_grows_linearly_with_the_query()
    {
        // Doubling the input must not quadruple the time: compare 10k and 80k (8x input: linear ~8x, quadratic ~64x).
        var small = Time(Hostile(5_000));
        var large = Time(Hostile(40_000));
        Assert.True(large < small * 30 + 2000, $"5k: {small} ms, 40k: {large} ms");
    }

    private static long Time(TheoryData<string> queries)
    {
        var watch = Stopwatch.StartNew();
        foreach (string query in queries)
        {
            DiagnosticFormatter.FormatAll(EqlParser.Parse(query).Diagnostics, query);
        }
        return watch.ElapsedMilliseconds;
    }

    [Fact]
    public void The_caret_excerpt_points_at_the_error_inside_a_long_line()
    {
        var query = "process where " + new string(' ', 5000) + "process.name == \"\\q\"";
        var formatted = DiagnosticFormatter.Format(EqlParser.Parse(query).Diagnostics[0], query).Split('\n');
        Assert.StartsWith("...", formatted[1], StringComparison.Ordinal);
        var caret = formatted[2].IndexOf('^');
        Assert.Equal('\\', formatted[1][caret]);
    }

    [Fact]
    public void Open_sequences_beyond_the_budget_are_evicted_oldest_first_and_counted()
    {
        var parsed = EqlParser.Parse("sequence by id with maxspan=1h [process where true] [network where true]");
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions());
        var pad = new string('p', 900);
        // 5,000 open sequences of ~1 KB each against a 1 MB budget; then the first and the last key complete.
        var inputs = new List<EventInput>();
        for (var i = 0; i < 5000; i++)
        {
            inputs.Add(Line($"{{\"@timestamp\":{1_700_000_000_000L + i},\"event\":{{\"category\":\"process\"}},\"id\":\"k{i}\",\"pad\":\"{pad}\"}}", i));
        }
        inputs.Add(Line("{\"@timestamp\":1700000009000,\"event\":{\"category\":\"network\"},\"id\":\"k0\"}", 5001));
        inputs.Add(Line("{\"@timestamp\":1700000009001,\"event\":{\"category\":\"network\"},\"id\":\"k4999\"}", 5002));
        var budget = new StateBudget(1 << 20);
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { StateBudget = budget }, _ => { });
        Assert.True(result.Statistics.EvictedSequences > 3000, $"{result.Statistics.EvictedSequences} evicted");
        Assert.True(result.Statistics.PeakInFlightSequences < 1500);
        // The oldest went, the newest stayed: k4999 completes, k0 cannot.
        var sequence = Assert.Single(result.Sequences);
        Assert.Equal("k4999", sequence.JoinKeys[0]);
        // Without the pressure, both complete and nothing is evicted.
        var free = QueryRunner.Run(compiled, inputs, new RunOptions { StateBudget = new StateBudget(1L << 30) }, _ => { });
        Assert.Equal(0, free.Statistics.EvictedSequences);
        Assert.Equal(2, free.Sequences.Count);
    }

    private static EventInput Line(string json, int line) => new(Encoding.UTF8.GetBytes(json), "t", line);
}
