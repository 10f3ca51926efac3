using System.Text;
using System.Text.Json;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The Endgame dialect's syntax sugar (method chains, macros and constants, <c>$</c> variables) and its arithmetic,
/// run on three inline events. Each expected id list is the Python engine's output on the same events
/// (tools/endgame-oracle/oracle.py with EQL_DATA holding <see cref="Events"/> as a JSON array, SENSITIVE=1 for the
/// case-sensitive column), endgameinc/eql at 7d8a09c.
/// </summary>
public sealed class EndgameSyntaxTests
{
    internal const string Events = """
        {"event_type":"process","serial_event_id":1,"process_name":"CMD.exe","command_line":"cmd /c dir","pid":4,"ppid":0,"exit_code":-7,"arr":[{"name":"a","v":1},{"name":"B","v":2}]}
        {"event_type":"process","serial_event_id":2,"process_name":"cmd.exe","command_line":"CMD /C DIR","pid":8,"ppid":4,"exit_code":7,"arr":[{"name":"b","v":3}]}
        {"event_type":"process","serial_event_id":3,"process_name":"svchost.exe","command_line":"svchost -k x","pid":12,"ppid":8,"exit_code":-8,"arr":[]}
        """;

    internal static string Ids(string query, bool caseInsensitive, EqlParserOptions? options = null)
    {
        var parsed = EqlParser.Parse(query, options ?? EqlParserOptions.Endgame);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions
        {
            EventCategoryField = "event_type",
            EndgameDialect = true,
            CaseInsensitiveEquality = caseInsensitive,
        });
        var inputs = Events.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((line, i) => new EventInput(Encoding.UTF8.GetBytes(line), "inline", i + 1)).ToList();
        var problems = new List<InputProblem>();
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { InputOrder = true }, problems.Add);
        Assert.Empty(problems);
        return string.Join(",", result.Events.Select(e =>
            JsonDocument.Parse(e.Source).RootElement.GetProperty("serial_event_id").GetRawText()));
    }

    internal static string Errors(string query, EqlParserOptions? options = null) =>
        string.Join("; ", EqlParser.Parse(query, options ?? EqlParserOptions.Endgame).Diagnostics);

    [Theory]
    // query, Python's ids folding case, Python's ids with CASE_INSENSITIVE = False
    [InlineData("process where process_name:length() == 7", "1,2", "1,2")]
    [InlineData("process where process_name:substring(0, 3):length() == 3 and process_name:startsWith(\"cmd\")", "1,2", "2")]
    [InlineData("process where process_name:concat(\".x\"):endsWith(\"EXE.X\")", "1,2,3", "")]
    [InlineData("process where command_line:stringContains(\"/c\"):safe()", "1,2", "1")]
    // The sign belongs to the receiver (eql.g: value: SIGN? atom; method_chain: value method*): add(-2, 10) == 8.
    [InlineData("process where -serial_event_id:add(10) == 8", "2", "2")]
    public void MethodChainsAreFunctionCalls(string query, string folded, string exact)
    {
        Assert.Equal(folded, Ids(query, caseInsensitive: true));
        Assert.Equal(exact, Ids(query, caseInsensitive: false));
    }

    [Fact]
    public void AMethodChainParsesAsTheNestedCalls()
    {
        var chained = EqlParser.Parse("process where process_name:substring(0, 3):length() == 3", EqlParserOptions.Endgame);
        var nested = EqlParser.Parse("process where length(substring(process_name, 0, 3)) == 3", EqlParserOptions.Endgame);
        Assert.Equal(EqlPrinter.Print(nested.Statement!), EqlPrinter.Print(chained.Statement!));
    }

    [Fact]
    public void AColonWithSpacesIsStillAPatternTest()
    {
        // METHOD_START is ":" NAME "(" with nothing between; `x : length()` is a pattern test with a call, an error.
        Assert.Contains("expected a constant", Errors("process where process_name : length() == 11"));
        // ...and the Elasticsearch dialect has no methods at all.
        Assert.Contains("expected a constant", Errors("process where process_name:length() == 11", EqlParserOptions.Default));
    }
}

/// <summary>
/// <c>$name</c>: an arraySearch / arrayCount variable written with a dollar (eql.g varpath). The Python engine reads
/// it only in its elastic_endpoint_syntax, so the expected ids are the oracle's with EQL_DOLLAR=1, on
/// <see cref="EndgameSyntaxTests.Events"/>.
/// </summary>
public sealed class EndgameDollarVariableTests
{
    [Theory]
    [InlineData("process where arraySearch(arr, $x, $x.name == \"a\")", "1", "1")]
    [InlineData("process where arraySearch(arr, $x, $x.name == \"A\")", "1", "")]
    [InlineData("process where arraySearch(arr, x, $x.name == \"a\")", "1", "1")]
    [InlineData("process where arraySearch(arr, $x, x.name == \"a\")", "1", "1")]
    // A variable may take an event field's name; pid outside the search is still the event's.
    [InlineData("process where arraySearch(arr, $pid, $pid.v == 1)", "1", "1")]
    [InlineData("process where arraySearch(arr, $x, $x.v == pid / 4)", "1", "1")]
    [InlineData("process where arraySearch(arr, $x, arraySearch(arr, $y, $y.v > $x.v))", "1", "1")]
    [InlineData("process where arrayCount(arr, $x, $x.v > 1) == 1", "1,2", "1,2")]
    public void DollarNamesTheBoundVariable(string query, string folded, string exact)
    {
        Assert.Equal(folded, EndgameSyntaxTests.Ids(query, caseInsensitive: true));
        Assert.Equal(exact, EndgameSyntaxTests.Ids(query, caseInsensitive: false));
    }

    [Fact]
    public void AnUnboundDollarNameIsAnError()
    {
        // The Python engine would read the event field x.name (so: no results); a $ name that binds nothing is a mistake.
        var parsed = EqlParser.Parse("process where $x.name == \"a\"", EqlParserOptions.Endgame);
        Assert.True(parsed.Success);
        var error = Assert.Throws<EqlCompileException>(() => EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EndgameDialect = true }));
        Assert.Equal("1:15", error.Span.ToString());
        Assert.StartsWith("'$x.name' names no variable in scope", error.Message);
    }

    [Fact]
    public void DollarSyntaxErrorsAndPrinting()
    {
        Assert.Equal("error: 1:17: expected a variable name right after '$', found 'x'", EndgameSyntaxTests.Errors("process where $ x == 1"));
        Assert.Equal("error: 1:15: unexpected character '$'", EndgameSyntaxTests.Errors("process where $x == 1", EqlParserOptions.Default));
        var parsed = EqlParser.Parse("process where arraySearch(arr, $x, $x.b[0] == 1)", EqlParserOptions.Endgame);
        Assert.Equal("process where arraySearch(arr, $x, $x.b[0] == 1)", EqlPrinter.Print(parsed.Statement!));
    }
}

/// <summary>
/// Division and modulo in the Endgame dialect: eql/functions.py Divide runs <c>x // y</c> for two integers and
/// Modulo runs Python's <c>x % y</c>. Expected ids: the oracle's on <see cref="EndgameSyntaxTests.Events"/>
/// (exit codes -7, 7, -8); the Elasticsearch column is worked out by hand from Java's truncating division.
/// </summary>
public sealed class EndgameArithmeticTests
{
    [Theory]
    // query, Python engine, Elasticsearch semantics (by hand: -7 / 2 == -3, -7 % 2 == -1)
    [InlineData("process where exit_code / 2 == -4", "1,3", "3")]
    [InlineData("process where divide(exit_code, 2) == -4", "1,3", "3")]
    [InlineData("process where exit_code % 2 == 1", "1,2", "2")]
    [InlineData("process where exit_code % -3 == -1", "1", "1")]
    [InlineData("process where modulo(exit_code, 3) == 2", "1", "")]
    [InlineData("process where exit_code / 2.0 == -3.5", "1", "1")]
    [InlineData("process where exit_code % 2.5 == 0.5", "1", "")]
    [InlineData("process where -7 / 2 == -4 and serial_event_id == 1", "1", "")]
    [InlineData("process where 7 / -2 == -4 and serial_event_id == 1", "1", "")]
    [InlineData("process where 7.5 % 2 == 1.5 and serial_event_id == 1", "1", "1")]
    [InlineData("process where serial_event_id == 1 and exit_code / 0 == null", "1", "1")]
    public void DivisionFloorsAndModuloTakesTheDivisorsSign(string query, string python, string elasticsearch)
    {
        Assert.Equal(python, EndgameSyntaxTests.Ids(query, caseInsensitive: true));
        var parsed = EqlParser.Parse(query, EqlParserOptions.Endgame);
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EventCategoryField = "event_type" });
        var inputs = EndgameSyntaxTests.Events.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((line, i) => new EventInput(System.Text.Encoding.UTF8.GetBytes(line), "inline", i + 1)).ToList();
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { InputOrder = true }, _ => { });
        Assert.Equal(elasticsearch, string.Join(",", result.Events.Select(e =>
            System.Text.Json.JsonDocument.Parse(e.Source).RootElement.GetProperty("serial_event_id").GetRawText())));
    }

    [Fact]
    public void ModuloByZeroIsNullAndNothingOverflows()
    {
        // The Python engine raises ZeroDivisionError on x % 0 and stops; here it is null, like x / 0.
        Assert.Equal("1,2,3", EndgameSyntaxTests.Ids("process where exit_code % 0 == null", caseInsensitive: true));
        Assert.Equal("1,2,3", EndgameSyntaxTests.Ids("process where exit_code % 0.0 == null", caseInsensitive: true));
        var min = EqlValue.FromLong(long.MinValue);
        var minusOne = EqlValue.FromLong(-1);
        Assert.Equal(9.223372036854775808e18, EqlFunctions.PythonArithmetic(ArithmeticKind.Divide, min, minusOne).AsDouble);
        Assert.Equal(0, EqlFunctions.PythonArithmetic(ArithmeticKind.Modulo, min, minusOne).AsLong);
        // Elasticsearch (Java) wraps.
        Assert.Equal(long.MinValue, EqlFunctions.Arithmetic(ArithmeticKind.Divide, min, minusOne).AsLong);
        Assert.Equal(0, EqlFunctions.Arithmetic(ArithmeticKind.Modulo, min, minusOne).AsLong);
    }
}
