using Vigil.Cli.Conformance;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Xunit.Abstractions;

namespace Vigil.Conformance.Tests.Prefilter;

/// <summary>
/// Every query of Elasticsearch's EQL QA corpus, run over its own data with and without the literal prefilter, must
/// return the same events, sequences and join keys: the prefilter may only skip lines no stage can match.
/// </summary>
public sealed class EsCorpusPrefilterTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryQueryReturnsTheSameResultsWithThePrefilter()
    {
        if (PrefilterHarness.SharedFolder() is not { } shared)
        {
            return;
        }
        var corpus = Path.Combine(shared, "corpus", "eql-elasticsearch");
        var datasets = new Dictionary<string, ConformanceDataset>();
        var compared = 0;
        var skippedLines = 0L;
        var totalLines = 0L;
        var constrained = 0;
        var failures = new List<string>();
        foreach (var run in EsCorpus.Runs)
        {
            if (!datasets.TryGetValue(run.DatasetName, out var dataset))
            {
                dataset = EsCorpus.LoadDataset(corpus, run.DatasetName, _ => { });
                datasets[run.DatasetName] = dataset;
            }
            foreach (var testCase in SuiteLoader.Load(Path.Combine(corpus, run.SuiteFile)))
            {
                var parse = EqlParser.Parse(testCase.Query);
                if (!parse.Success || parse.Statement is null)
                {
                    continue;
                }
                foreach (var caseInsensitive in new[] { false, true })
                {
                    var options = new RequiredLiteralOptions
                    {
                        EndgameDialect = caseInsensitive,
                        CategoryField = dataset.EventCategoryField,
                        IsVerbatimStringField = path => IsNonString(dataset.Mapping, path) ? false : null,
                    };
                    var prefilter = PrefilterHarness.Build(parse.Statement, options);
                    var kept = PrefilterHarness.Keep(prefilter, dataset.Events);
                    var full = ConformanceRunner.Run(testCase, dataset, caseInsensitive);
                    var filtered = ConformanceRunner.Run(testCase, dataset with { Events = kept }, caseInsensitive);
                    compared++;
                    totalLines += dataset.Events.Count;
                    skippedLines += dataset.Events.Count - kept.Count;
                    constrained += prefilter.PassesEverything ? 0 : 1;
                    if (!full.GotIds.SequenceEqual(filtered.GotIds)
                        || !(full.GotJoinKeys ?? []).SequenceEqual(filtered.GotJoinKeys ?? [])
                        || full.Error != filtered.Error)
                    {
                        failures.Add($"{run.SuiteFile} '{testCase.Name}' (case-insensitive: {caseInsensitive}): "
                            + $"[{string.Join(",", full.GotIds)}] vs [{string.Join(",", filtered.GotIds)}]\n{prefilter.Describe()}");
                    }
                }
            }
        }
        output.WriteLine($"{compared} runs compared, {constrained} with a prefilter; {skippedLines} of {totalLines} event reads skipped");
        Assert.True(compared > 500, $"only {compared} runs compared");
        // The prefilter must actually do something on this corpus, or the comparison proves nothing.
        Assert.True(constrained > compared / 3, $"only {constrained} of {compared} runs had a prefilter");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsNonString(IndexMapping mapping, string path) =>
        mapping.Types.TryGetValue(path, out var type)
        && type is not ("keyword" or "constant_keyword" or "wildcard" or "text" or "match_only_text");
}
