using System.Collections.Immutable;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>
/// The outcome of <see cref="EqlAnalyzer.Analyze(string, Schema, EqlAnalyzerOptions?)"/>: the parsed statement (null if
/// it did not parse), every diagnostic of parsing and binding, and the bound facts the compiler can use. The maps
/// are keyed by node identity (reference), so look nodes up from this result's <see cref="Statement"/>.
/// </summary>
public sealed record AnalysisResult(
    EqlStatement? Statement,
    ImmutableArray<Diagnostic> Diagnostics,
    IReadOnlyDictionary<FieldReference, FieldType> FieldTypes,
    IReadOnlyDictionary<FunctionCall, EqlFunction> Functions,
    IReadOnlyDictionary<Expression, FieldType> ExpressionTypes)
{
    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public bool Success => Statement is not null && !HasErrors;
}
