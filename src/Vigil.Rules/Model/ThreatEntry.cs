using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>One <c>[[rule.threat]]</c> entry: a framework, a tactic and the techniques under it.</summary>
public sealed record ThreatEntry(string Framework, ThreatTactic Tactic, ValueList<ThreatTechnique> Techniques);
