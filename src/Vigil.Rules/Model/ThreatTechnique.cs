using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>An ATT&amp;CK technique of a threat entry, with its sub-techniques.</summary>
public sealed record ThreatTechnique(string Id, string Name, string Reference, ValueList<ThreatSubtechnique> Subtechniques);
