using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>
/// Parses (and, once the binder is in, binds) an EQL query against the schema of the rule's index patterns.
/// </summary>
public static class EqlQueryCheck
{
    /// <summary>
    /// Diagnostics for <paramref name="query"/>, positioned in the query text; null when EQL cannot be checked in
    /// this build.
    /// </summary>
    public static IReadOnlyList<QueryDiagnostic>? Check(string query, IReadOnlyList<string>? indexPatterns)
    {
        _ = indexPatterns;
        var result = EqlParser.Parse(query);
        var list = new List<QueryDiagnostic>(result.Diagnostics.Length);
        foreach (var d in result.Diagnostics)
        {
            list.Add(new QueryDiagnostic(d.IsError, d.Span.Start.Line, d.Span.Start.Column, d.Message));
        }
        return list;
    }

    /// <summary>The sequence maxspan of an EQL query, or null when it has none (or cannot be parsed).</summary>
    public static TimeSpan? MaxSpan(string query)
    {
        var result = EqlParser.Parse(query);
        if (result.Statement?.Query is SequenceQuery { MaxSpan: { } span } && span.Milliseconds is { } ms)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        return null;
    }
}
