using System.Collections.Immutable;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>Parses and binds EQL: fields against a <see cref="Schema"/>, functions, types and query structure.</summary>
public static class EqlAnalyzer
{
    /// <summary>
    /// Parses <paramref name="queryText"/> and binds it against <paramref name="schema"/>. Parse errors stop before
    /// binding; the result then has no statement.
    /// </summary>
    public static AnalysisResult Analyze(string queryText, Schema schema, EqlAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= EqlAnalyzerOptions.Default;
        var parserOptions = options.Dialect == EqlDialect.Endgame
            ? EqlParserOptions.Endgame with { Definitions = options.Definitions }
            : EqlParserOptions.Default;
        var parsed = EqlParser.Parse(queryText, parserOptions);
        if (parsed.Statement is null)
        {
            return new AnalysisResult(null, parsed.Diagnostics, Empty<FieldReference, FieldType>(),
                Empty<FunctionCall, EqlFunction>(), Empty<Expression, FieldType>());
        }
        var bound = Bind(parsed.Statement, schema, options, queryText);
        return bound with { Diagnostics = parsed.Diagnostics.AddRange(bound.Diagnostics) };
    }

    private static Dictionary<TKey, TValue> Empty<TKey, TValue>()
        where TKey : notnull => new();

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
