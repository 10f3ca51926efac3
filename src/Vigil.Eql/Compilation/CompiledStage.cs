namespace Vigil.Eql.Compilation;

/// <summary>One stage of a query: its category filter and condition as one predicate, its join keys.</summary>
public sealed record CompiledStage(
    string? Category,
    Func<Runtime.EvalContext, bool> Matches,
    IReadOnlyList<CompiledKey> Keys,
    bool IsMissing)
{
    /// <summary>Endgame <c>fork</c>: the partial sequence this stage extends stays to be extended again.</summary>
    public bool IsFork { get; init; }
}
