using System.Collections.Immutable;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;

namespace Vigil.Eql.QuerySets;

/// <summary>
/// Collects the queries of a <see cref="QuerySet"/>: each is compiled against one shared slot numbering
/// (<see cref="FieldSlots"/>) with its own <see cref="CompileOptions"/>, and keeps its per-stage literal
/// requirements. Not thread-safe; the built set is.
/// </summary>
public sealed class QuerySetBuilder
{
    private readonly FieldSlots slots = new();
    private readonly List<CompiledQuery> queries = [];
    private readonly List<ImmutableArray<LineRequirement>> requirements = [];

    /// <summary>How many queries were added.</summary>
    public int Count => queries.Count;

    /// <summary>
    /// Compiles and adds a query; returns its index in the set. Requirements come from
    /// <see cref="RequiredLiterals.ForStatement"/> with <paramref name="literalOptions"/>. Throws
    /// <see cref="EqlCompileException"/> (the set is unchanged) when the runtime cannot execute the statement.
    /// </summary>
    public int Add(EqlStatement statement, CompileOptions? options = null, RequiredLiteralOptions? literalOptions = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return Add(statement, options, RequiredLiterals.ForStatement(statement, literalOptions));
    }

    /// <summary>Adds a query with requirements the caller already derived (one per stage, <c>until</c> last).</summary>
    public int Add(EqlStatement statement, CompileOptions? options, ImmutableArray<LineRequirement> stageRequirements)
    {
        ArgumentNullException.ThrowIfNull(statement);
        // A failed compile may have numbered some slots already; harmless (an unread slot is never filled).
        var compiled = EqlCompiler.Compile(statement, options, slots);
        queries.Add(compiled);
        requirements.Add(stageRequirements.IsDefaultOrEmpty ? [LineRequirement.Unconstrained] : stageRequirements);
        return queries.Count - 1;
    }

    /// <summary>
    /// Adds a query compiled by another language's compiler (KQL) against this set's shared slot numbering, which
    /// <paramref name="compile"/> receives and must number its fields with.
    /// </summary>
    public int Add(Func<FieldSlots, CompiledQuery> compile, ImmutableArray<LineRequirement> stageRequirements)
    {
        ArgumentNullException.ThrowIfNull(compile);
        queries.Add(compile(slots));
        requirements.Add(stageRequirements.IsDefaultOrEmpty ? [LineRequirement.Unconstrained] : stageRequirements);
        return queries.Count - 1;
    }

    /// <summary>
    /// Builds the immutable set. With a <paramref name="calibrationSample"/> (whole NDJSON lines from the input)
    /// each requirement is indexed under the literal set that the fewest sample lines hold; without, under a static
    /// guess. The choice changes speed only, never which queries a line is relevant to.
    /// </summary>
    public QuerySet Build(ReadOnlySpan<byte> calibrationSample = default) =>
        QuerySet.Create(queries, requirements, slots, calibrationSample);
}
