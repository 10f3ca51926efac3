namespace Vigil.Rules.Guides;

/// <summary>SQLite (osquery) literal quoting.</summary>
public static class SqlLiteral
{
    /// <summary>A string literal: single quotes, embedded single quotes doubled.</summary>
    public static string Quote(string value) => "'" + EscapeInsideSingleQuotes(value) + "'";

    /// <summary>The value's text for use inside an existing <c>'...'</c> literal.</summary>
    public static string EscapeInsideSingleQuotes(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>The value's text for use inside an existing <c>"..."</c> token.</summary>
    public static string EscapeInsideDoubleQuotes(string value) => value.Replace("\"", "\"\"", StringComparison.Ordinal);
}
