using Vigil.Cli.Conformance;
using Vigil.Eql.Runtime;

namespace Vigil.Conformance.Tests;

/// <summary>
/// The Endgame dialect suite (Endgame/python-eql-dialect.toml: cases written from endgameinc/eql's docs and source,
/// expected ids from the Python engine itself) over the Endgame sample events, in both case modes.
/// </summary>
public sealed class EndgameDialectConformanceTests
{
    private static string SuiteFile => Path.Combine(AppContext.BaseDirectory, "Endgame", "python-eql-dialect.toml");

    private static ConformanceDataset? Dataset()
    {
        if (SharedFolder.EsCorpus is not { } corpus)
        {
            return null;
        }
        var problems = new List<InputProblem>();
        var data = Path.Combine(corpus, "data", "endgame-140.stand-in.json");
        var events = IndexDataLoader.Load(data, new IndexMapping(), IndexDataLoader.TimestampTransform.EndgameMillis, "endgame", problems.Add, "timestamp");
        Assert.Empty(problems);
        return new ConformanceDataset("endgame", events, new IndexMapping(), "serial_event_id", null, "event_type", "@timestamp", new HashSet<string>());
    }

    [Fact]
    public void EveryCasePassesInBothCaseModes()
    {
        if (Dataset() is not { } dataset)
        {
            return;
        }
        var report = ConformanceSession.RunSuite(SuiteFile, dataset, endgame: true);
        var failures = string.Join("\n", report.Outcomes.Where(o => !o.Passed)
            .Select(o => $"{o.Variant} {o.Case.Name}: got [{string.Join(", ", o.GotIds)}] {o.Error}"));
        Assert.True(report.Failed == 0, failures);
        Assert.Contains(report.Outcomes, o => o.Variant == "case_sensitive");
        Assert.Contains(report.Outcomes, o => o.Variant == "case_insensitive");
        Assert.True(report.Outcomes.Count >= 170, $"{report.Outcomes.Count} outcomes");
    }

    [Fact]
    public void WithoutTheDialectMostCasesFail()
    {
        // The same suite read as Elasticsearch EQL: its constructs are refused or mean something else.
        if (Dataset() is not { } dataset)
        {
            return;
        }
        var report = ConformanceSession.RunSuite(SuiteFile, dataset, endgame: false);
        Assert.True(report.Failed > report.Outcomes.Count / 2, $"{report.Passed} passed, {report.Failed} failed without the dialect");
    }

    [Fact]
    public void EveryCaseAnalysesCleanInTheDialect()
    {
        // The analyser must accept everything the Python engine runs: no false errors (unknown fields, with no
        // schema, are only warnings).
        var options = new Vigil.Eql.Semantics.EqlAnalyzerOptions { Dialect = Vigil.Eql.Semantics.EqlDialect.Endgame };
        var refused = SuiteLoader.Load(SuiteFile)
            .Select(c => (c.Name, Errors: Vigil.Eql.Semantics.EqlAnalyzer.Analyze(c.Query, Vigil.Eql.Semantics.Schema.Empty, options).Diagnostics.Where(d => d.IsError).ToList()))
            .Where(r => r.Errors.Count > 0)
            .Select(r => $"{r.Name}: {r.Errors[0]}")
            .ToList();
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }
}
