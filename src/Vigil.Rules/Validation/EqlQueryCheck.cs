using System.Collections.Concurrent;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>
/// Parses and binds an EQL query against the schema of the rule's index patterns (ECS + Elastic Defend plus the
/// non-ECS fields catalogued for those patterns).
/// </summary>
public static class EqlQueryCheck
{
    private static readonly ConcurrentDictionary<string, Schema> Schemas = new(StringComparer.Ordinal);

    /// <summary>The schema a rule with these index patterns is bound against (cached per pattern set).</summary>
    public static Schema SchemaFor(IReadOnlyList<string>? indexPatterns)
    {
        if (indexPatterns is null || indexPatterns.Count == 0)
        {
            return Schema.Default;
        }
        var key = string.Join('\n', indexPatterns.Order(StringComparer.Ordinal));
        return Schemas.GetOrAdd(key, _ => Schema.ForIndices(indexPatterns));
    }

    /// <summary>Diagnostics for <paramref name="query"/>, positioned in the query text (1-based).</summary>
    public static IReadOnlyList<QueryDiagnostic> Check(string query, IReadOnlyList<string>? indexPatterns)
    {
        var result = EqlAnalyzer.Analyze(query, SchemaFor(indexPatterns));
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
