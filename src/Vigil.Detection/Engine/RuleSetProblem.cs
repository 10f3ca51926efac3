namespace Vigil.Detection.Engine;

/// <summary>One thing rule loading found: its text as printed, and whether it is an error.</summary>
public sealed record RuleSetProblem(string Text, bool IsError)
{
    public override string ToString() => Text;
}
