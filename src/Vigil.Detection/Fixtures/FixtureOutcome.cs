namespace Vigil.Detection.Fixtures;

/// <summary>One fixture's result: which rule and file, whether it passed, and (on failure) what happened.</summary>
public sealed record FixtureOutcome(string RuleId, string RuleName, string FixturePath, bool Passed, string Detail)
{
    /// <summary>The file name without its folder, e.g. <c>bash_parent.alert.ndjson</c>.</summary>
    public string FixtureName => Path.GetFileName(FixturePath);
}
