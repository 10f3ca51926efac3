using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// Queries the Python engine refuses at parse time (checked against endgameinc/eql 7d8a09c's parse_query, its default
/// syntax) are errors in the Endgame dialect too, naming line and column; their neighbours that it accepts parse.
/// </summary>
public sealed class EndgameParseErrorTests
{
    [Theory]
    // By-pipes take only keys that read the results (eql/pipes.py ByPipe: dynamic arguments only).
    [InlineData("process where true | count 100", "error: 1:28: '| count' keys must read the results (a field, or an expression of fields), found the constant 100")]
    [InlineData("process where true | unique pid, 1", "error: 1:34: '| unique' keys must read the results (a field, or an expression of fields), found the constant 1")]
    [InlineData("process where true | sort \"a\"", "error: 1:27: '| sort' keys must read the results (a field, or an expression of fields), found the constant \"a\"")]
    [InlineData("process where true | unique_count length('abc')", "error: 1:35: '| unique_count' keys must read the results (a field, or an expression of fields), found the constant length(\"abc\")")]
    [InlineData("process where true\n| count 1 + 1", "error: 2:9: '| count' keys must read the results (a field, or an expression of fields), found the constant 1 + 1")]
    // runs is its elasticsearch syntax only (eql/parser.py allow_runs).
    [InlineData("sequence [process where opcode == 1] by unique_pid [file where opcode == 0] by unique_pid with runs=2", "error: 1:91: 'with runs=N' is Elasticsearch EQL; the Endgame dialect repeats a stage by writing it again")]
    // Python's string escapes are not C's: \x is refused by both.
    [InlineData("process where process_name == 'cmd\\x2Eexe'", "error: 1:35: invalid escape sequence '\\x' in string literal (valid: \\b \\t \\n \\f \\r \\\" \\' \\\\ \\u{hex}; use \"\"\"...\"\"\" for a raw string)")]
    public void ThePythonEnginesParseErrorsAreErrors(string query, string error)
    {
        Assert.Equal(error, EndgameSyntaxTests.Errors(query));
    }

    [Theory]
    [InlineData("process where true | count pid + 1")]
    [InlineData("process where true | unique events[1].process_name, opcode")]
    [InlineData("process where true | filter 1")]
    [InlineData("sequence by \"x\" [process where true] [file where true]")]
    public void ItsNeighboursParse(string query)
    {
        Assert.Equal("", EndgameSyntaxTests.Errors(query));
    }

    [Fact]
    public void TheElasticsearchDialectKeepsRuns()
    {
        var parsed = EqlParser.Parse("sequence [process where true] with runs=2", EqlParserOptions.Default);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
    }
}
