using Vigil.Events.Projection;

namespace Vigil.Eql.Runtime;

/// <summary>
/// What compiled expressions read while evaluating one event: the frame, and a cursor per slot choosing which
/// value of a multi-valued field is current (predicates over multi-valued fields try each value).
/// </summary>
public sealed class EvalContext
{
    public EvalContext(EventFrame frame)
    {
        Frame = frame ?? throw new ArgumentNullException(nameof(frame));
        Cursors = new int[frame.Layout.Count];
    }

    public EventFrame Frame { get; }

    /// <summary>The current value index of each slot (0 unless a predicate is iterating a multi-valued field).</summary>
    public int[] Cursors { get; }

    /// <summary>The current event as a JSON tree (Endgame array functions and indexed paths), parsed on demand.</summary>
    public System.Text.Json.JsonElement Root => document.RootOf(Frame.Source, Frame.Generation);

    /// <summary>The values bound by <c>arraySearch(array, x, ...)</c>-style functions, innermost last.</summary>
    internal System.Text.Json.JsonElement[] Variables { get; set; } = [];

    private readonly EventDocument document = new();
}
