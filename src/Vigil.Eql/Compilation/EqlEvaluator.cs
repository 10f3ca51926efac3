using Vigil.Eql.Runtime;

namespace Vigil.Eql.Compilation;

/// <summary>A compiled expression: reads the current event through the context and yields its value.</summary>
public delegate EqlValue EqlEvaluator(EvalContext context);
