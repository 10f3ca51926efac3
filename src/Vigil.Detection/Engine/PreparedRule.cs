using Vigil.Detection.Rules;

namespace Vigil.Detection.Engine;

/// <summary>A rule ready to run: its detection view, its compiled query, and the indices it searches.</summary>
public sealed record PreparedRule(DetectionRule Rule, IRuleMatcher Matcher, IndexPatternMatcher Indices);
