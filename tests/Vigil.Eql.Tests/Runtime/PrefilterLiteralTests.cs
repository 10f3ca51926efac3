using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

public sealed class PrefilterLiteralTests
{
    private static string? Literals(string query, CompileOptions? options = null)
    {
        var compiled = EqlCompiler.Compile(EqlParser.Parse(query).Statement!, options);
        return compiled.PrefilterLiterals is { } literals ? string.Join("|", literals) : null;
    }

    [Theory]
    [InlineData("process where process.name == \"bash\"", "process")]
    [InlineData("any where process.name == \"bash\"", "bash")]
    [InlineData("process where true", "process")]
    [InlineData("any where true", null)]
    [InlineData("any where a == \"x\" or b == \"yy\"", "x|yy")]
    [InlineData("any where a == \"x\" or b : \"yy\"", null)]
    [InlineData("any where a == \"x\" and b : \"yy\"", "x")]
    [InlineData("any where a in (\"p\", \"q\")", "p|q")]
    [InlineData("any where not a == \"x\"", null)]
    [InlineData("any where a == \"C:\\\\x\"", null)]
    [InlineData("any where @timestamp == \"2020-01-01T00:00:00Z\"", null)]
    [InlineData("sequence [process where true] [network where x == \"connect\"]", "connect|process")]
    [InlineData("sequence [process where true] [any where true]", null)]
    public void LiteralsAreConservative(string query, string? expected) => Assert.Equal(expected, Literals(query));

    [Fact]
    public void EndgameDialectUsesNoEqualityLiterals() =>
        Assert.Null(Literals("process where a == \"x\"", new CompileOptions { CaseInsensitiveEquality = true }));
}
