using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// The analyser in the Endgame dialect: its syntax parses (definitions, methods, $ variables), its functions bind
/// with their arities (eql/functions.py), variables are not schema fields, and errors point into the query.
/// </summary>
public sealed class EndgameAnalyzerTests
{
    private static readonly EqlAnalyzerOptions Endgame = new() { Dialect = EqlDialect.Endgame };

    private static string Errors(string query, EqlAnalyzerOptions? options = null) => string.Join("; ",
        EqlAnalyzer.Analyze(query, Schema.Empty, options ?? Endgame).Diagnostics.Where(d => d.IsError));

    [Theory]
    [InlineData("process where process_name = 'cmd.exe' and process_path == ?\"C:\\x\"")]
    [InlineData("process where arraySearch(arr, x, x.name == 'a' and arrayCount(x.items, y, y.v > x.v) > 1)")]
    [InlineData("process where arraySearch(arr, $x, $x.name == 'a')")]
    [InlineData("process where process_name:substring(0, 3):length() == 3 and command_line:wildcard('*x*')")]
    [InlineData("process where arrayContains(tags, 'a', 'b') and safe(length(arr)) > 0 and match(x, 'a.*', 'b')")]
    [InlineData("macro M(x) x == 1\nconst TWO = 2\nprocess where M(pid) or pid == TWO | unique process_name | count")]
    [InlineData("join by pid [process where true] [file where child of [process where true]]")]
    [InlineData("process where between(command_line, 'a', 'b', true) == 'x' and arr[0].name == 'y' and object_field")]
    public void TheDialectAnalysesClean(string query)
    {
        Assert.Equal("", Errors(query));
    }

    [Theory]
    [InlineData("process where $y.name == 'a'",
        "error: 1:15: [$y.name] names no variable in scope; a $ name is bound by arraySearch or arrayCount, as in arraySearch(a, $x, $x.name == \"b\")")]
    [InlineData("process where arraySearch(arr, x.y, true)",
        "error: 1:32: [arraySearch] needs a variable name as its second argument, as in arraySearch(array, x, x.name == \"a\")")]
    [InlineData("process where arraySearch(arr, x)", "error: 1:15: [arraySearch] expects exactly 3 arguments, found [2]")]
    [InlineData("process where wildcard(process_name, process_path)", "error: 1:38: [wildcard] takes literal string patterns, found [process_path]")]
    [InlineData("process where match(process_name, '(')", "error: 1:35: invalid regular expression in [match]: Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("process where safe()", "error: 1:15: [safe] expects exactly 1 argument, found [0]")]
    // Method and macro errors name the place in the query: the unknown method at its chain, the macro's body at the call.
    [InlineData("process where process_name:lower() == 'a'", "error: 1:15: Unknown function [lower]")]
    [InlineData("macro M(x) lower(x)\nprocess where M(pid)", "error: 2:15: Unknown function [lower]")]
    public void DialectErrorsNameLineAndColumn(string query, string error)
    {
        Assert.StartsWith(error, Errors(query));
    }

    [Fact]
    public void DefinitionsComeFromTheOptionsToo()
    {
        var definitions = EqlParser.ParseDefinitions("macro IS_CMD(x) x == 'cmd.exe'").Definitions!;
        Assert.Equal("", Errors("process where IS_CMD(process_name)", Endgame with { Definitions = definitions }));
        Assert.StartsWith("error: 1:15: Unknown function [IS_CMD]", Errors("process where IS_CMD(process_name)"));
    }

    [Fact]
    public void TheElasticsearchDialectStillRefusesThem()
    {
        Assert.Contains("Unknown function [arraySearch]", Errors("process where arraySearch(arr, x, x.name == \"a\")", EqlAnalyzerOptions.Default));
        Assert.NotEqual("", Errors("process where process_name = 'cmd.exe'", EqlAnalyzerOptions.Default));
    }
}
