using Vigil.Events.Projection;
using Vigil.Eql.Runtime;

namespace Vigil.Eql.Compilation;

/// <summary>
/// An executable plan: the projected fields (<see cref="Layout"/>), the stages with their predicates and keys,
/// maxspan, until and the head/tail pipes. Compiled once, run over any number of events.
/// </summary>
public sealed class CompiledQuery
{
    internal CompiledQuery(
        QueryShape shape,
        FieldLayout layout,
        int timestampSlot,
        int tiebreakerSlot,
        FieldCoercion tiebreakerCoercion,
        IReadOnlyList<CompiledStage> stages,
        CompiledStage? until,
        long maxSpanNanos,
        IReadOnlyList<ResultLimit> limits)
    {
        Shape = shape;
        Layout = layout;
        TimestampSlot = timestampSlot;
        TiebreakerSlot = tiebreakerSlot;
        TiebreakerCoercion = tiebreakerCoercion;
        Stages = stages;
        Until = until;
        MaxSpanNanos = maxSpanNanos;
        Limits = limits;
    }

    /// <summary>
    /// An event query whose one stage is a predicate built outside the EQL compiler (the KQL compiler), over slots
    /// numbered by <paramref name="slots"/> (complete when this is called): no category, keys, pipes or tiebreaker.
    /// </summary>
    public static CompiledQuery ForEventPredicate(FieldSlots slots, int timestampSlot, Func<EvalContext, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(matches);
        return new CompiledQuery(QueryShape.Event, new FieldLayout(slots.Paths), timestampSlot, -1, FieldCoercion.None,
            [new CompiledStage(null, matches, [], false)], null, 0, []);
    }

    public QueryShape Shape { get; }

    /// <summary>The field paths the plan reads, each with its frame slot.</summary>
    public FieldLayout Layout { get; }

    public int TimestampSlot { get; }

    /// <summary>The tiebreaker's slot, or -1 without a tiebreaker.</summary>
    public int TiebreakerSlot { get; }

    public FieldCoercion TiebreakerCoercion { get; }

    /// <summary>The stages in order (runs expanded; missing stages flagged). An event query has one.</summary>
    public IReadOnlyList<CompiledStage> Stages { get; }

    public CompiledStage? Until { get; }

    /// <summary>The sequence's maxspan in nanoseconds, 0 for none.</summary>
    public long MaxSpanNanos { get; }

    /// <summary>The head/tail pipes in order.</summary>
    public IReadOnlyList<ResultLimit> Limits { get; }

    /// <summary>The Endgame dialect's pipes (all of them, head and tail too), run on the results; null otherwise.</summary>
    public EndgamePipeline? Pipeline { get; internal init; }

    /// <summary>Lineage state updates to run on every event before the stages see it (Endgame dialect).</summary>
    public IReadOnlyList<Runtime.ILineageStep> LineageSteps { get; internal init; } = [];

    /// <summary>Endgame join: the stages' keys are folded to lower case when the dialect folds case.</summary>
    public bool FoldKeyCase { get; internal init; }

    /// <summary>The field paths read (for projection and diagnostics).</summary>
    public IReadOnlyList<string> FieldsRead
    {
        get
        {
            var list = new string[Layout.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = Layout.PathOf(i);
            }
            return list;
        }
    }
}
