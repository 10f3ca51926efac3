namespace Vigil.Rules;

/// <summary>Parses and binds an EQL query against the schema of the rule's index patterns.</summary>
public static class EqlQueryCheck
{
    /// <summary>
    /// Diagnostics for <paramref name="query"/>, or null when EQL cannot be checked in this build.
    /// </summary>
    public static IReadOnlyList<QueryDiagnostic>? Check(string query, IReadOnlyList<string>? indexPatterns)
    {
        _ = query;
        _ = indexPatterns;
        return null;
    }

    /// <summary>The sequence maxspan of an EQL query, or null when it has none (or cannot be parsed).</summary>
    public static TimeSpan? MaxSpan(string query)
    {
        _ = query;
        return null;
    }
}
