namespace Vigil.Rules;

/// <summary>
/// What reading one rule produced: the rule (best effort, null when nothing usable was found) and the problems
/// met while reading it.
/// </summary>
public sealed record RuleLoadResult(Rule? Rule, IReadOnlyList<RuleProblem> Problems, RuleSource Source)
{
    public bool HasErrors
    {
        get
        {
            foreach (var p in Problems)
            {
                if (p.IsError)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
