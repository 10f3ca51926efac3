namespace Vigil.Rules;

/// <summary>An ATT&amp;CK tactic (<c>TA0011</c>).</summary>
public sealed record ThreatTactic(string Id, string Name, string Reference);
