namespace Vigil.Eql.Runtime;

/// <summary>
/// Which fields lineage (<c>child of</c>, <c>descendant of</c>, <c>event of</c>) reads: the process identity and its
/// parent's, the category of process events, and the field and values that say a process starts or ends.
/// </summary>
public sealed record LineageFields(
    string ProcessKey,
    string ParentKey,
    string ProcessCategory,
    string ActionField,
    IReadOnlyList<string> StartValues,
    IReadOnlyList<string> EndValues)
{
    /// <summary>
    /// Endgame data: <c>unique_pid</c> / <c>unique_ppid</c>; <c>opcode</c> 1, 3, 9 create a process and 2, 4 end it
    /// (the Python engine's <c>data_source: endgame</c> values, eql/engine.py).
    /// </summary>
    public static LineageFields Endgame { get; } = new("unique_pid", "unique_ppid", "process", "opcode", ["1", "3", "9"], ["2", "4"]);

    /// <summary>ECS data: <c>process.entity_id</c> / <c>process.parent.entity_id</c>; <c>event.type</c> start / end.</summary>
    public static LineageFields Ecs { get; } = new("process.entity_id", "process.parent.entity_id", "process", "event.type", ["start"], ["end"]);

    /// <summary>Most processes tracked per lineage test; the oldest are forgotten past it (bounded state).</summary>
    public int MaxTracked { get; init; } = 1_000_000;
}
