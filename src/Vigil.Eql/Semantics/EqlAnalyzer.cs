using System.Collections.Immutable;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>Parses and binds EQL: fields against a <see cref="Schema"/>, functions, types and query structure.</summary>
public static class EqlAnalyzer
{
    /// <summary>
    /// Binds an already parsed statement. <paramref name="sourceText"/> (the text it was parsed from) lets messages
    /// quote the query as written; without it expressions are rendered.
    /// </summary>
    public static AnalysisResult Bind(EqlStatement statement, Schema schema, EqlAnalyzerOptions? options = null,
        string? sourceText = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(schema);
        var binder = new Binder(schema, options ?? EqlAnalyzerOptions.Default, sourceText);
        binder.BindStatement(statement);
        return new AnalysisResult(statement, [.. binder.Diagnostics], binder.BoundFields, binder.BoundFunctions,
            binder.BoundExpressions);
    }
}
