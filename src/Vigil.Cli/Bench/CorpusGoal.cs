namespace Vigil.Cli.Bench;

/// <summary>One row of the corpus phase's table: an issue-14 goal, what was measured, the target, and whether it is met.</summary>
public sealed record CorpusGoal(string Goal, string Measured, string Target, bool? Met)
{
    /// <summary>Met, not met, or "no figure" when the child did not finish or failed.</summary>
    public string Verdict => Met switch { true => "met", false => "not met", null => "no figure" };
}
