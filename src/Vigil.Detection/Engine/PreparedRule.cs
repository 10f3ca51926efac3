using Vigil.Detection.Rules;
using Vigil.Events.Prefilter;

namespace Vigil.Detection.Engine;

/// <summary>A rule ready to run: its detection view, its compiled query, and the indices it searches.</summary>
public sealed record PreparedRule(DetectionRule Rule, IRuleMatcher Matcher, IndexPatternMatcher Indices)
{
    /// <summary>Lines this rule's query can possibly match (conservative); the streaming hunt skips the others unparsed.</summary>
    public LinePrefilter Prefilter { get; init; } = LinePrefilter.PassThrough;
}
