namespace Vigil.Rules;

/// <summary>Loads and validates every rule under a set of files and folders, in a stable order.</summary>
public static class RuleSetValidator
{
    /// <summary>
    /// One result per rule, plus a failed result for each file or line that yielded no rule (missing file, TOML
    /// syntax error, a line of an export that is not JSON).
    /// </summary>
    public static IReadOnlyList<RuleValidation> ValidatePaths(IEnumerable<string> paths)
    {
        var validator = new RuleValidator();
        var files = RuleLoader.Load(paths);
        var perFile = new IReadOnlyList<RuleValidation>[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            perFile[i] = ValidateFile(validator, files[i]);
        });
        return perFile.SelectMany(r => r).ToList();
    }

    /// <summary>The results for one loaded file.</summary>
    public static IReadOnlyList<RuleValidation> ValidateFile(RuleValidator validator, RuleFileResult file)
    {
        var results = new List<RuleValidation>();
        foreach (var problem in file.FileProblems)
        {
            results.Add(new RuleValidation(file.Path, "", null,
                problem.IsError ? RuleValidationStatus.Failed : RuleValidationStatus.Passed, [problem]));
        }
        foreach (var loaded in file.Rules)
        {
            results.Add(validator.Validate(loaded));
        }
        if (file.Rules.Count == 0 && file.FileProblems.Count == 0 && file.Format == RuleSourceFormat.KibanaNdjson)
        {
            results.Add(new RuleValidation(file.Path, "", null, RuleValidationStatus.Failed,
                [new RuleProblem(RuleProblemSeverity.Error, file.Path, 0, 0, null, "the export holds no rules")]));
        }
        return results;
    }
}
