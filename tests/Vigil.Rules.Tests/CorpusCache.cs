namespace Vigil.Rules.Tests;

/// <summary>The detection-rules corpus (rules + building blocks), loaded once for all tests that read it.</summary>
internal static class CorpusCache
{
    private static readonly Lazy<IReadOnlyList<RuleFileResult>> Loaded = new(() =>
        RuleLoader.Load([Path.Combine(TestPaths.DetectionRules, "rules"), Path.Combine(TestPaths.DetectionRules, "rules_building_block")]));

    private static readonly Lazy<IReadOnlyList<RuleValidation>> Validated = new(() =>
    {
        var validator = new RuleValidator();
        return Files.SelectMany(f => RuleSetValidator.ValidateFile(validator, f)).ToList();
    });

    public static IReadOnlyList<RuleFileResult> Files => Loaded.Value;

    public static IReadOnlyList<RuleValidation> Validations => Validated.Value;
}
