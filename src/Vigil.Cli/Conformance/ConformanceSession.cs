using Vigil.Eql.Runtime;

namespace Vigil.Cli.Conformance;

/// <summary>Runs the whole ES corpus, or one suite over one data file.</summary>
public static class ConformanceSession
{
    /// <param name="corpus">The corpus folder.</param>
    /// <param name="onProblem">Receives data that could not be loaded.</param>
    public static ConformanceReport RunEsCorpus(string corpus, Action<InputProblem> onProblem)
    {
        var report = new ConformanceReport();
        var datasets = new Dictionary<string, ConformanceDataset>();
        foreach (var run in EsCorpus.Runs)
        {
            if (!datasets.TryGetValue(run.DatasetName, out var dataset))
            {
                dataset = EsCorpus.LoadDataset(corpus, run.DatasetName, onProblem);
                datasets[run.DatasetName] = dataset;
            }
            var variant = run.DatasetName.EndsWith("-nanos", StringComparison.Ordinal) ? "nanos" : "";
            foreach (var testCase in SuiteLoader.Load(Path.Combine(corpus, run.SuiteFile)))
            {
                report.Outcomes.Add(ConformanceRunner.Run(testCase, dataset, caseInsensitive: false, variant));
            }
        }
        return report;
    }

    /// <summary>
    /// One suite over one data file. Cases flagged case_sensitive run with ES semantics, case_insensitive with the
    /// Endgame dialect's case-insensitive equality; cases with neither flag run both ways, each counted.
    /// </summary>
    public static ConformanceReport RunSuite(string suiteFile, ConformanceDataset dataset, bool endgame = false)
    {
        var report = new ConformanceReport();
        // Suites outside ES's own corpus are usually Endgame/Python-shaped: accept their single-quoted strings; with
        // endgame, the whole Endgame dialect (its syntax, functions, pipes, join and lineage).
        var parserOptions = endgame ? Vigil.Eql.Syntax.EqlParserOptions.Endgame : new Vigil.Eql.Syntax.EqlParserOptions { AllowSingleQuotedStrings = true };
        foreach (var testCase in SuiteLoader.Load(suiteFile))
        {
            var sensitive = testCase.CaseSensitive == true;
            var insensitive = testCase.CaseInsensitive == true;
            if (!sensitive && !insensitive)
            {
                sensitive = insensitive = true;
            }
            if (sensitive)
            {
                report.Outcomes.Add(ConformanceRunner.Run(testCase, dataset, caseInsensitive: false, "case_sensitive", parserOptions, endgame));
            }
            if (insensitive)
            {
                report.Outcomes.Add(ConformanceRunner.Run(testCase, dataset, caseInsensitive: true, "case_insensitive", parserOptions, endgame));
            }
        }
        return report;
    }
}
