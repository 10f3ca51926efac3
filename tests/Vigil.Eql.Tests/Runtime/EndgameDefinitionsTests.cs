using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using static Vigil.Eql.Tests.Runtime.EndgameSyntaxTests;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// Endgame <c>macro</c> and <c>const</c> definitions, before the query or from a definitions text, on the events of
/// <see cref="EndgameSyntaxTests.Events"/>. Expected ids: the Python engine's output (tools/endgame-oracle/oracle.py
/// with EQL_DEFINITIONS holding the same definitions; SENSITIVE=1 for the case-sensitive column).
/// </summary>
public sealed class EndgameDefinitionsTests
{
    [Theory]
    // definitions, query, Python folding case, Python with CASE_INSENSITIVE = False
    [InlineData("macro IS_CMD(x) x == 'CMD.exe'", "process where IS_CMD(process_name)", "1,2", "1")]
    // Expanded on the tree: (pid + 1) * 2, not pid + 1 * 2 (ast.Macro.expand substitutes nodes).
    [InlineData("macro M(x) x + 1", "process where M(pid) * 2 == 10", "1", "1")]
    [InlineData("const N = 1", "process where true | head N", "1", "1")]
    [InlineData("const LIMIT = 4\nconst WANT = 'cmd.EXE'\nmacro NAME_IS(field, value) field == value",
        "process where pid > LIMIT and NAME_IS(process_name, WANT)", "2", "")]
    // A macro's body may call a function that binds a variable; the argument v is substituted inside it.
    [InlineData("macro HAS(a, v) arraySearch(a, x, x.name == v)", "process where HAS(arr, \"b\")", "1,2", "2")]
    // A parameter with a sub-path extends the argument's path (tests/test_preprocessor.py test_append_attribute).
    [InlineData("macro ZNAME(o) o[0].name", "process where ZNAME(arr) == \"a\"", "1", "1")]
    // Macros defined earlier expand inside later ones; a later macro of the same name replaces the earlier.
    [InlineData("macro M(x) x == 4\nmacro N(y) M(y) or y == 8", "process where N(pid)", "1,2", "1,2")]
    [InlineData("macro M() pid == 4\nmacro M() pid == 8", "process where M()", "2", "2")]
    // A constant is a bare name only: X.y is still a field (eql/parser.py base_field vs field); no event has it.
    [InlineData("const X = 1", "process where X.y == 1", "", "")]
    [InlineData("const A = true", "process where A", "1,2,3", "1,2,3")]
    public void DefinitionsBeforeTheQueryAndFromAFileGiveThePythonResults(string definitions, string query, string folded, string exact)
    {
        var inline = definitions + "\n" + query;
        Assert.Equal(folded, Ids(inline, caseInsensitive: true));
        Assert.Equal(exact, Ids(inline, caseInsensitive: false));

        var file = EqlParser.ParseDefinitions(definitions);
        Assert.True(file.Success, string.Join("; ", file.Diagnostics));
        var options = EqlParserOptions.Endgame with { Definitions = file.Definitions! };
        Assert.Equal(folded, Ids(query, caseInsensitive: true, options));
        Assert.Equal(exact, Ids(query, caseInsensitive: false, options));
    }

    [Fact]
    public void DefinitionFilesChain()
    {
        var first = EqlParser.ParseDefinitions("const FOUR = 4");
        var second = EqlParser.ParseDefinitions("macro IS_FOUR(x) x == FOUR", EqlParserOptions.Endgame with { Definitions = first.Definitions! });
        Assert.True(second.Success, string.Join("; ", second.Diagnostics));
        Assert.Equal("1", Ids("process where IS_FOUR(pid)", true, EqlParserOptions.Endgame with { Definitions = second.Definitions! }));
    }

    [Theory]
    [InlineData("macro IS_CMD(x) x == 'cmd.exe'\nprocess where IS_CMD()",
        "error: 2:15: macro 'IS_CMD' takes 1 argument (x), given 0")]
    [InlineData("macro IS_CMD(x) x == 'cmd.exe'\nprocess where IS_CMD(1,\n 2, 3)",
        "error: 2:15: macro 'IS_CMD' takes 1 argument (x), given 3")]
    [InlineData("macro F(a) a.name == 'a'\nprocess where F(1)",
        "error: 2:15: macro 'F' uses its parameter as 'a.name', so the argument must be a field")]
    [InlineData("const A = 4\nconst A = 8\nprocess where pid == A", "error: 2:7: constant 'A' is already defined (at 1:1)")]
    [InlineData("const A = pid\nprocess where true", "error: 1:11: expected a constant (a string, number, true, false or null) after 'const A =', found 'pid'")]
    [InlineData("macro M(a, a) a\nprocess where M(1, 2)", "error: 1:12: macro 'M' names its parameter 'a' twice")]
    [InlineData("macro M() true", "error: 1:15: expected a query after the definitions, found the end of the query")]
    public void BadDefinitionsAndCallsNameLineAndColumn(string text, string error)
    {
        Assert.Equal(error, Errors(text));
    }

    [Fact]
    public void AnUnknownNameIsAnUnknownFunctionAtItsCall()
    {
        // Python: "Unknown function M" for a macro used before it is defined; here the call stays a call and the
        // compiler refuses it with its place.
        var parsed = EqlParser.Parse("macro N(y) M(y) or y == 8\nmacro M(x) x == 4\nprocess where N(pid)", EqlParserOptions.Endgame);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        var error = Assert.Throws<EqlCompileException>(() => EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EndgameDialect = true }));
        Assert.Contains("M", error.Message);
        Assert.Equal("3:15", error.Span.ToString());
    }

    [Fact]
    public void ExponentialMacrosAreRefused()
    {
        var definitions = "macro M0(x) x == 1 or x == 2\n" + string.Join("\n",
            Enumerable.Range(1, 30).Select(i => $"macro M{i}(x) M{i - 1}(x) or M{i - 1}(x)"));
        Assert.Contains("is too large", Errors(definitions + "\nprocess where M30(pid)"));
    }

    [Fact]
    public void DefinitionsFileErrorsAndOtherDialects()
    {
        Assert.Equal("error: 1:1: expected a definition ('macro NAME(parameters) expression' or 'const NAME = value'), found 'process'",
            string.Join("; ", EqlParser.ParseDefinitions("process where true").Diagnostics));
        // In the Elasticsearch dialect 'macro' is an ordinary name: this is a syntax error, not a definition.
        Assert.False(EqlParser.Parse("macro M() true\nprocess where M()").Success);
    }
}

/// <summary>Hostile definitions are refused with an error, never a crash or an unbounded expansion.</summary>
public sealed class HostileDefinitionsTests
{
    [Fact]
    public void AVeryLongMacroBodyIsRefused()
    {
        var body = string.Join(" or ", Enumerable.Repeat("x == 1", 100_000));
        Assert.Contains("the body of macro 'M' is too deep to handle", EndgameSyntaxTests.Errors($"macro M(x) {body}\nprocess where M(pid)"));
    }

    [Fact]
    public void ManyLargeExpansionsAreRefusedTogether()
    {
        // M13 expands to 2^13 comparisons, about 32,000 nodes (under the per-call limit); 40 calls pass the total.
        var definitions = "macro M0(x) x == 1\n" + string.Join("\n", Enumerable.Range(1, 13).Select(i => $"macro M{i}(x) M{i - 1}(x) or M{i - 1}(x)"));
        var calls = string.Join(" and ", Enumerable.Repeat("M13(pid)", 40));
        Assert.Contains("the macro expansions of this query are too large", EndgameSyntaxTests.Errors($"{definitions}\nprocess where {calls}"));
        Assert.Equal("", EndgameSyntaxTests.Errors($"{definitions}\nprocess where M10(pid)"));
    }
}
