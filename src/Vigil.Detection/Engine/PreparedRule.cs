using System.Collections.Immutable;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Detection.Rules;
using Vigil.Events.Prefilter;

namespace Vigil.Detection.Engine;

/// <summary>A rule ready to run: its detection view, its compiled query, and the indices it searches.</summary>
public sealed record PreparedRule(DetectionRule Rule, IRuleMatcher Matcher, IndexPatternMatcher Indices)
{
    /// <summary>Lines this rule's query can possibly match (conservative); the streaming hunt skips the others unparsed.</summary>
    public LinePrefilter Prefilter { get; init; } = LinePrefilter.PassThrough;

    /// <summary>The parsed query and the options it was compiled with (to compile it again into a query set).</summary>
    public EqlStatement? Statement { get; init; }

    public CompileOptions? CompileOptions { get; init; }

    /// <summary>
    /// For a query that is not EQL (KQL): compiles it again against a query set's shared slot numbering, as
    /// <see cref="Statement"/> and <see cref="CompileOptions"/> let the query set recompile an EQL rule.
    /// </summary>
    public Func<FieldSlots, CompiledQuery>? CompileShared { get; init; }

    /// <summary>What a line must hold to match each stage (<c>until</c> last); the prefilter is built from them.</summary>
    public ImmutableArray<LineRequirement> Requirements { get; init; } = [];
}
