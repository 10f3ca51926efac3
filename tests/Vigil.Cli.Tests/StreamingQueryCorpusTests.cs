using Vigil.Cli.Conformance;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;

namespace Vigil.Cli.Tests;

/// <summary>
/// Every query of Elasticsearch's EQL QA corpus, over the corpus's own data in file order: the streaming path of
/// <c>vigil query</c> (prefilter from the query's required literals, then <see cref="StreamingQuery"/>) must return
/// exactly what the in-memory <see cref="QueryRunner.Run"/> (which `vigil conformance` checks against ES) returns,
/// for every case whose data fits the default reorder window (no late event).
/// </summary>
public sealed class StreamingQueryCorpusTests
{
    private static string? CorpusFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "eql-elasticsearch");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return null;
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

    // What the mapping says of a field, as RequiredLiterals wants it: non-string types compare normalised values.
    private static Func<string, bool?> VerbatimStrings(IndexMapping mapping) => path =>
        mapping.Types.TryGetValue(path, out var type)
            ? type is "keyword" or "constant_keyword" or "wildcard" or "text" or "match_only_text" ? null : false
            : null;

    [Fact]
    public void StreamedQueriesEqualInMemoryRunsOverTheEsCorpus()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return; // The shared corpus is not beside this checkout.
        }
        var problems = new List<InputProblem>();
        var datasets = new Dictionary<string, ConformanceDataset>();
        var compared = 0;
        var withMatches = 0;
        var late = new List<string>();
        var skippedLines = 0L;
        foreach (var run in EsCorpus.Runs)
        {
            if (!datasets.TryGetValue(run.DatasetName, out var dataset))
            {
                dataset = EsCorpus.LoadDataset(corpus, run.DatasetName, problems.Add);
                datasets[run.DatasetName] = dataset;
            }
            foreach (var testCase in SuiteLoader.Load(Path.Combine(corpus, run.SuiteFile)))
            {
                var parse = EqlParser.Parse(testCase.Query);
                if (!parse.Success || parse.Statement is null)
                {
                    continue;
                }
                CompiledQuery compiled;
                try
                {
                    compiled = EqlCompiler.Compile(parse.Statement, ConformanceRunner.CompileOptionsFor(dataset));
                }
                catch (EqlCompileException)
                {
                    continue;
                }
                var options = new RunOptions { Size = testCase.Size ?? 50, MaxSamplesPerKey = testCase.MaxSamplesPerKey ?? 1 };
                var expected = Describe(QueryRunner.Run(compiled, dataset.Events, options));

                var prefilter = LinePrefilter.Create(RequiredLiterals.ForStatement(parse.Statement, new RequiredLiteralOptions
                {
                    CategoryField = dataset.EventCategoryField,
                    IsVerbatimStringField = VerbatimStrings(dataset.Mapping),
                }));
                var stream = new StreamingQuery(compiled, options);
                long arrival = 0;
                foreach (var input in dataset.Events)
                {
                    var order = arrival++;
                    if (!prefilter.MayMatch(input.Json.Span))
                    {
                        skippedLines++;
                        continue;
                    }
                    byte[]? copy = null;
                    stream.Offer(input.Json.Span, order, input.Origin, input.Line, ref copy, out _);
                }
                var actual = Describe(stream.Finish());
                if (stream.LateEvents > 0)
                {
                    late.Add($"{run.SuiteFile}: {testCase.Name}");
                    continue;
                }
                compared++;
                withMatches += expected.Length > 0 ? 1 : 0;
                Assert.True(expected == actual, $"{run.SuiteFile}: {testCase.Name}: {testCase.Query}\nin memory: {expected}\nstreamed:  {actual}");
            }
        }
        Assert.Empty(problems);
        // Most of the corpus is in time order within the window; the comparison must not be vacuous.
        Assert.True(compared >= 300, $"only {compared} cases compared; late: {string.Join("; ", late)}");
        Assert.True(withMatches >= 250, $"only {withMatches} compared cases have matches");
        Assert.True(skippedLines > 0, "the prefilter never skipped a line");
    }
}
