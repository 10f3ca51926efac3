using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

public sealed class DiagnosticFormatterTests
{
    private static string FirstError(string query) =>
        DiagnosticFormatter.Format(EqlParser.Parse(query).Diagnostics[0], query);

    [Fact]
    public void PutsACaretUnderTheSpan() =>
        Assert.Equal(
            "error: 1:15: unterminated string literal\n" +
            "process where \"abc\n" +
            "              ^~~~",
            FirstError("process where \"abc"));

    [Fact]
    public void ShowsOnlyTheLineOfTheProblem() =>
        Assert.Equal(
            "error: 3:19: expected an expression, found ']'\n" +
            "  [file where x ==]\n" +
            "                  ^",
            FirstError("sequence\n  [process where true]\n  [file where x ==]\n  [x where true]"));

    [Fact]
    public void PointsPastTheEndForAMissingToken() =>
        Assert.Equal(
            "error: 1:23: expected ')' to close the arguments of 'foo' opened at 1:18, found the end of the query\n" +
            "process where foo(1, 2\n" +
            "                      ^",
            FirstError("process where foo(1, 2"));

    [Fact]
    public void KeepsTabsSoTheCaretLinesUp() =>
        Assert.Equal(
            "error: 2:4: use '==' to compare values; '=' only sets maxspan and runs\n" +
            "\tx = 1\n" +
            "\t  ^",
            FirstError("process where\n\tx = 1"));

    [Fact]
    public void WritesWarningsAsWarnings()
    {
        var span = new SourceSpan(new SourcePosition(0, 1, 1), new SourcePosition(3, 1, 4));
        Assert.Equal("warning: 1:1: careful\nabc\n^~~",
            DiagnosticFormatter.Format(new Diagnostic(DiagnosticSeverity.Warning, "careful", span), "abc"));
    }
}
