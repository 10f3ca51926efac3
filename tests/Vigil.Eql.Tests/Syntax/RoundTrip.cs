using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>The round-trip property: parse, print, parse again (equivalent), print again (identical).</summary>
public static class RoundTrip
{
    /// <summary>Null when the query passes; otherwise what went wrong.</summary>
    public static string? Check(string query, EqlParserOptions? options = null)
    {
        var first = EqlParser.Parse(query, options);
        if (!first.Success)
        {
            return "does not parse: " + string.Join("; ", first.Diagnostics);
        }
        return CheckStatement(first.Statement!, options);
    }

    public static string? CheckStatement(EqlStatement statement, EqlParserOptions? options = null)
    {
        var printed = EqlPrinter.Print(statement);
        var second = EqlParser.Parse(printed, options);
        if (!second.Success)
        {
            return $"printed text does not parse: {string.Join("; ", second.Diagnostics)}\n{printed}";
        }
        if (!SyntaxEquivalence.AreEquivalent(statement, second.Statement))
        {
            return $"printed text parses to a different tree:\n{printed}";
        }
        var reprinted = EqlPrinter.Print(second.Statement!);
        return reprinted == printed ? null : $"print is not idempotent:\n{printed}\n---\n{reprinted}";
    }
}
