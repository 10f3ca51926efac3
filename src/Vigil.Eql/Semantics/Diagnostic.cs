using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>How bad a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// A problem found in a query, with its place. Errors are values: the lexer, parser and binder collect them
/// instead of throwing.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Message, SourceSpan Span)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>error: 3:27: message</c>, without the caret excerpt (see DiagnosticFormatter for that).</summary>
    public override string ToString() =>
        $"{(IsError ? "error" : "warning")}: {Span.Start.Line}:{Span.Start.Column}: {Message}";
}
