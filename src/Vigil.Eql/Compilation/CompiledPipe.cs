using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Compilation;

/// <summary>
/// One Endgame pipe, compiled: its kind, its count (head/tail) and its expressions, evaluated on a frame of their
/// own (<see cref="EndgamePipeline.Layout"/>) loaded with each result; <see cref="Span"/> places it in the query
/// for errors.
/// </summary>
public sealed record CompiledPipe(PipeKind Kind, int Count, IReadOnlyList<EqlEvaluator> Expressions, Func<EvalContext, bool>? Filter, SourceSpan Span = default)
{
    /// <summary>The pipe's name as written (<c>unique_count</c>, <c>sort</c>...).</summary>
    public string Name => Kind == PipeKind.UniqueCount ? "unique_count" : Kind.ToString().ToLowerInvariant();
}

/// <summary>The pipes of an Endgame-dialect statement with the frame layout their expressions read.</summary>
public sealed record EndgamePipeline(Vigil.Events.Projection.FieldLayout Layout, IReadOnlyList<CompiledPipe> Pipes, bool FoldCase, string HostField);
