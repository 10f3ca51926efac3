using System.Text;
using Vigil.Conformance.Tests.Prefilter;
using Vigil.Eql.Compilation;
using Vigil.Eql.QuerySets;
using Vigil.Eql.Runtime;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Vigil.Events.Projection;
using Xunit.Abstractions;

namespace Vigil.Conformance.Tests.QuerySets;

/// <summary>
/// Every EQL rule of the detection-rules corpus in one <see cref="QuerySet"/>: for every line of simulated Defend
/// telemetry, events synthesised from the rules' own conditions, and variants of them spelled with escapes and other
/// letter cases, the queries the set finds relevant must be exactly those a separate runner per query finds relevant
/// (its own compile and frame: TryOrder, then IsRelevantLoaded; for a sample, a stage matching).
/// </summary>
public sealed class QuerySetCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryLineIsRelevantToExactlyTheQueriesANaiveRunnerFinds()
    {
        if (PrefilterHarness.SharedFolder() is not { } shared)
        {
            return;
        }
        var statements = PrefilterHarness.CorpusEqlStatements(shared);
        var lines = BuildLines(statements.Select(s => s.Statement));

        var builder = new QuerySetBuilder();
        var naive = new List<(string Name, CompiledQuery Query)>();
        for (var i = 0; i < statements.Count; i++)
        {
            var (name, statement) = statements[i];
            // Per-query options vary so that a shared frame must keep each query's own special fields.
            var options = (i % 5) switch
            {
                1 => new CompileOptions { TiebreakerField = "event.sequence" },
                2 => new CompileOptions { TimestampField = "event.ingested" },
                3 => new CompileOptions { TimestampField = "event.created", TiebreakerField = "process.pid" },
                _ => CompileOptions.Default,
            };
            CompiledQuery own;
            try
            {
                own = EqlCompiler.Compile(statement, options);
            }
            catch (EqlCompileException)
            {
                continue;
            }
            var index = builder.Add(statement, options, new RequiredLiteralOptions { IsVerbatimStringField = Schema.Default.IsVerbatimString });
            Assert.Equal(naive.Count, index);
            naive.Add((name, own));
        }
        var set = builder.Build(Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(200))));
        output.WriteLine(set.Describe());
        var runners = naive.ConvertAll(n => new QueryRunner(n.Query));
        var sampleFrames = naive.ConvertAll(n => n.Query.Shape == QueryShape.Sample ? new EvalContext(new EventFrame(n.Query.Layout)) : null);

        var worker = set.CreateWorker();
        var relevant = new List<int>();
        var expected = new List<int>();
        var failures = new List<string>();
        long pairs = 0;
        var linesWithAny = 0;
        for (var l = 0; l < lines.Count; l++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[l]);
            worker.Classify(bytes, relevant);
            expected.Clear();
            for (var q = 0; q < runners.Count; q++)
            {
                if (IsRelevantNaive(runners[q], sampleFrames[q], naive[q].Query, bytes, l))
                {
                    expected.Add(q);
                }
            }
            pairs += expected.Count;
            linesWithAny += expected.Count > 0 ? 1 : 0;
            if (!relevant.SequenceEqual(expected) && failures.Count < 10)
            {
                failures.Add($"line {l + 1}: set [{string.Join(",", relevant.Select(q => naive[q].Name))}] vs naive [{string.Join(",", expected.Select(q => naive[q].Name))}]\n  {lines[l]}");
            }
            // The ordinal read from the shared frame is the one the query's own runner computes.
            foreach (var q in relevant)
            {
                runners[q].TryOrder(bytes, l, "t", l + 1, out var own, out _);
                if (!worker.TryGetOrdinal(q, l, out var fromSet) || fromSet.CompareTo(own) != 0 || fromSet.Tiebreaker != own.Tiebreaker)
                {
                    failures.Add($"line {l + 1}: {naive[q].Name}: ordinal differs");
                    break;
                }
            }
        }
        output.WriteLine($"{naive.Count} queries, {lines.Count} lines ({linesWithAny} relevant to some query, {pairs} relevant pairs); "
            + $"parsed {worker.ParsedLines}, evaluated {worker.Evaluations} (line, query) pairs");
        Assert.True(naive.Count > 800, $"only {naive.Count} rules compiled");
        Assert.True(linesWithAny > lines.Count / 4, $"only {linesWithAny} of {lines.Count} lines are relevant to any query: the comparison is too weak");
        Assert.True(worker.ParsedLines < lines.Count, "the set parsed every line: the literal index did nothing");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsRelevantNaive(QueryRunner runner, EvalContext? sampleContext, CompiledQuery query, byte[] line, long arrival)
    {
        if (!runner.TryOrder(line, arrival, "t", arrival + 1, out _, out _))
        {
            return false;
        }
        if (sampleContext is null)
        {
            return runner.IsRelevantLoaded();
        }
        // A sample: the runner keeps every event, but the sample matcher ignores one that matches no stage.
        sampleContext.Frame.Load(line);
        foreach (var stage in query.Stages)
        {
            if (stage.Matches(sampleContext))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Simulated telemetry, events synthesised per rule, and spelling variants of some of them.</summary>
    private static List<string> BuildLines(IEnumerable<EqlStatement> statements)
    {
        var lines = PrefilterHarness.CorpusTestLines(statements);
        var count = lines.Count;
        for (var i = 0; i < count; i += 9)
        {
            var line = lines[i];
            lines.Add(SpellStrings(line, c => c == '/' ? "\\/" : null, keys: true));
            lines.Add(SpellStrings(line, c => c == 'e' ? "\\u0065" : null, keys: true));
            lines.Add(SpellStrings(line, c => char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c).ToString() : null, keys: false));
            lines.Add(SpellStrings(line, c => c is 'k' or 'K' ? "\u212A" : null, keys: false));
            lines.Add(line[..(line.Length / 2)]);
        }
        return lines;
    }

    /// <summary>Rewrites the characters inside JSON strings (keys only when asked); the rest is kept.</summary>
    private static string SpellStrings(string json, Func<char, string?> spell, bool keys)
    {
        var text = new StringBuilder(json.Length + 16);
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '"')
            {
                text.Append(json[i]);
                continue;
            }
            var end = i + 1;
            while (json[end] != '"')
            {
                end += json[end] == '\\' ? 2 : 1;
            }
            var after = end + 1;
            while (after < json.Length && json[after] == ' ')
            {
                after++;
            }
            var isKey = after < json.Length && json[after] == ':';
            text.Append('"');
            for (var k = i + 1; k < end; k++)
            {
                if (json[k] == '\\')
                {
                    text.Append(json, k, 2);
                    k++;
                    continue;
                }
                text.Append((isKey && !keys ? null : spell(json[k])) ?? json[k].ToString());
            }
            text.Append('"');
            i = end;
        }
        return text.ToString();
    }
}
