namespace Vigil.Rules;

/// <summary>An ATT&amp;CK sub-technique (<c>T1059.004</c>).</summary>
public sealed record ThreatSubtechnique(string Id, string Name, string Reference);
