using Vigil.Cli.Conformance;
using Vigil.Eql.Runtime;

namespace Vigil.Conformance.Tests;

/// <summary>
/// Runs Elasticsearch's EQL QA corpus through the engine and fails when any suite passes fewer cases than the
/// recorded figure (every case passes today: 320 of 320).
/// </summary>
public sealed class EsCorpusConformanceTests
{
    private static readonly Lazy<ConformanceReport?> Report = new(() =>
    {
        if (SharedFolder.EsCorpus is not { } corpus)
        {
            return null;
        }
        var problems = new List<InputProblem>();
        var report = ConformanceSession.RunEsCorpus(corpus, problems.Add);
        Assert.Empty(problems);
        return report;
    });

    public static TheoryData<string, int> Baselines => new()
    {
        { "test_queries.toml", 133 },
        { "additional_test_queries.toml", 61 },
        { "test_queries_date.toml", 4 },
        { "test_queries_date_nanos.toml [nanos]", 3 },
        { "test_extra.toml", 40 },
        { "test_missing_events.toml", 26 },
        { "test_sample.toml", 25 },
        { "test_sample_multi.toml", 9 },
        { "test_failing_shards.toml", 19 },
    };

    [Theory]
    [MemberData(nameof(Baselines))]
    public void SuitePassesAtLeastTheRecordedNumberOfCases(string suite, int baseline)
    {
        if (Report.Value is not { } report)
        {
            return;
        }
        var (_, passed, failed) = report.BySuite().Single(s => s.Suite == suite);
        var failures = string.Join("; ", report.Outcomes.Where(o => !o.Passed && o.Case.Suite + (o.Variant.Length > 0 ? $" [{o.Variant}]" : "") == suite)
            .Select(o => $"{o.Case.Name}: got [{string.Join(", ", o.GotIds)}] {o.Error}"));
        Assert.True(passed >= baseline, $"{suite}: {passed} passed (baseline {baseline}), {failed} failed: {failures}");
    }

    [Fact]
    public void WholeCorpusHas320CasesAndAllPass()
    {
        if (Report.Value is not { } report)
        {
            return;
        }
        Assert.Equal(320, report.Outcomes.Count);
        Assert.True(report.Passed >= 320, $"{report.Passed} passed, {report.Failed} failed");
    }

    [Fact]
    public void ReportEndsWithTheTotalsLine()
    {
        if (Report.Value is not { } report)
        {
            return;
        }
        var writer = new StringWriter();
        report.Write(writer);
        var lines = writer.ToString().TrimEnd().Split('\n');
        Assert.Equal($"{report.Passed} passed, {report.Failed} failed", lines[^1].TrimEnd('\r'));
    }
}
