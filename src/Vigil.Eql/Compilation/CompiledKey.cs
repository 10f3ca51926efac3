using Vigil.Eql.Runtime;

namespace Vigil.Eql.Compilation;

/// <summary>
/// One join key of a stage. A plain field is read with all its values (multi-valued keys expand); other expressions
/// give one value. A non-optional key whose value is missing excludes the event, as ES's exists filter does.
/// </summary>
public sealed record CompiledKey(string Text, int Slot, FieldCoercion Coercion, EqlEvaluator Evaluator, bool IsOptional)
{
    /// <summary>Endgame dialect folding case: string keys compare lower-cased, as the Python engine's keys do.</summary>
    public bool FoldCase { get; init; }
}
