namespace Vigil.Detection.Explain;

/// <summary>What <see cref="RuleExplainer"/> found: whether the rule fired, and the explanation as text.</summary>
public sealed record ExplainReport(bool Fired, string Text, IReadOnlyList<string> Problems);
