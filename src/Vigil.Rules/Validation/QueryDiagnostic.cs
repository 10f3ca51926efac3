namespace Vigil.Rules;

/// <summary>A problem inside a query, positioned within the query text (1-based line and column).</summary>
public sealed record QueryDiagnostic(bool IsError, int Line, int Column, string Message);
