namespace Vigil.Rules;

/// <summary>What <see cref="RuleValidator"/> found for one rule (or one file that yielded no rule).</summary>
public sealed record RuleValidation(
    string File,
    string RuleName,
    Rule? Rule,
    RuleValidationStatus Status,
    IReadOnlyList<RuleProblem> Problems,
    string? Note = null)
{
    public IEnumerable<RuleProblem> Errors => Problems.Where(p => p.IsError);

    public IEnumerable<RuleProblem> Warnings => Problems.Where(p => !p.IsError);
}
