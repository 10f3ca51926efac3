using Vigil.Kql.Semantics;

namespace Vigil.Rules;

/// <summary>
/// Parses and binds a KQL (<c>language = "kuery"</c>) query against the schema of the rule's index patterns, as
/// <see cref="EqlQueryCheck"/> does for EQL.
/// </summary>
public static class KqlQueryCheck
{
    /// <summary>Diagnostics for <paramref name="query"/>, positioned in the query text (1-based).</summary>
    public static IReadOnlyList<QueryDiagnostic> Check(string query, IReadOnlyList<string>? indexPatterns)
    {
        var diagnostics = KqlAnalyzer.Analyze(query, EqlQueryCheck.SchemaFor(indexPatterns));
        var list = new List<QueryDiagnostic>(diagnostics.Length);
        foreach (var d in diagnostics)
        {
            list.Add(new QueryDiagnostic(d.IsError, d.Span.Start.Line, d.Span.Start.Column, d.Message));
        }
        return list;
    }
}
