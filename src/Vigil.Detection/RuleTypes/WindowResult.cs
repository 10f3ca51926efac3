using Vigil.Detection.Engine;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// What one search of an aggregating rule found: matches already cut to max_signals the way the rule type cuts
/// them (the writer keeps them all), and Kibana's warning when some were left out.
/// </summary>
public sealed record WindowResult(IReadOnlyList<RuleMatch> Matches, bool ReachedMaxSignals);
