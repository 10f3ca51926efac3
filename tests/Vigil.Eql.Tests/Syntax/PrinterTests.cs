using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Syntax;

/// <summary>Canonical text, written out by hand for each input.</summary>
public sealed class PrinterTests
{
    private static string Canonical(string query, EqlParserOptions? options = null)
    {
        var result = EqlParser.Parse(query, options);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return EqlPrinter.Print(result.Statement!);
    }

    [Theory]
    [InlineData("process   where   true", "process where true")]
    [InlineData("process where (a or b) and c", "process where (a or b) and c")]
    [InlineData("process where ((a and b)) or c", "process where a and b or c")]
    [InlineData("process where a or (b or c)", "process where a or (b or c)")]
    [InlineData("process where (a or b) or c", "process where a or b or c")]
    [InlineData("process where not (a and b)", "process where not (a and b)")]
    [InlineData("process where (not a) and b", "process where not a and b")]
    [InlineData("process where not (x == 1)", "process where not x == 1")]
    [InlineData("process where (a == b) == c", "process where (a == b) == c")]
    [InlineData("process where a - (b - c)", "process where a - (b - c)")]
    [InlineData("process where (a * b) + c", "process where a * b + c")]
    [InlineData("process where (a + b) * c", "process where (a + b) * c")]
    [InlineData("process where -(5)", "process where -(5)")]
    [InlineData("process where - 5", "process where -5")]
    [InlineData("process where -(a + b)", "process where -(a + b)")]
    [InlineData("process where (-5) in (1)", "process where (-5) in (1)")]
    [InlineData("process where -5 in (1)", "process where -5 in (1)")]
    [InlineData("process where (a + b) : \"x\"", "process where (a + b) : \"x\"")]
    [InlineData("process where x:\"a\"", "process where x : \"a\"")]
    [InlineData("process where x : (\"a\")", "process where x : \"a\"")]
    [InlineData("process where x like~ (\"a\",\"b\")", "process where x like~ (\"a\", \"b\")")]
    [InlineData("process where x not in~ (1,2)", "process where x not in~ (1, 2)")]
    [InlineData("process where x regex \"\"\"a\\d+\"\"\"", "process where x regex \"\"\"a\\d+\"\"\"")]
    [InlineData("process where x == \"a\\\"b\\\\c\\td\"", "process where x == \"a\\\"b\\\\c\\td\"")]
    [InlineData("process where x == \"\\u{41}\\u{01}\"", "process where x == \"A\\u{01}\"")]
    [InlineData("process where x == 1.50", "process where x == 1.5")]
    [InlineData("process where x == 2.", "process where x == 2.0")]
    [InlineData("process where x == 1e21", "process where x == 1E+21")]
    [InlineData("process where ENDSWITH~(a,\"b\")", "process where ENDSWITH~(a, \"b\")")]
    [InlineData("process where `my field`.`b` == `sequence`", "process where `my field`.b == `sequence`")]
    [InlineData("process where ? process . pid", "process where ?process.pid")]
    [InlineData("\"process\" where true", "process where true")]
    [InlineData("\"my category\" where true", "\"my category\" where true")]
    [InlineData("\"where\" where true", "\"where\" where true")]
    [InlineData("process where descendant of [file where true] and x", "process where descendant of [file where true] and x")]
    [InlineData("process where true|head 5|tail 1", "process where true | head 5 | tail 1")]
    [InlineData("process where true | unique a b | filter count == 7", "process where true | unique a, b | filter count == 7")]
    public void WritesCanonicalText(string query, string expected) => Assert.Equal(expected, Canonical(query));

    [Fact]
    public void WritesSequencesOneStagePerLine()
    {
        const string query = """
            sequence with maxspan=1h by user.name
            [process where true] by process.pid with runs=2 ![file where true] by process.pid
            until [process where false] by process.pid | head 3
            """;

        Assert.Equal(
            "sequence by user.name with maxspan=1h\n" +
            "  [process where true] by process.pid with runs=2\n" +
            "  ![file where true] by process.pid\n" +
            "until [process where false] by process.pid\n" +
            "| head 3",
            Canonical(query));
    }

    [Fact]
    public void WritesSampleAndJoin()
    {
        Assert.Equal("sample by host\n  [a where true] by os\n  [b where true] by os", Canonical("sample by host [a where true] by os [b where true] by os"));
        Assert.Equal("join\n  [a where true]\n  [b where true]\nuntil [c where true]", Canonical("join [a where true] [b where true] until [c where true]"));
    }

    [Fact]
    public void WritesSingleQuotedStringsWithDoubleQuotes() =>
        Assert.Equal("process where x == \"it's \\\"x\\\"\"",
            Canonical("process where x == 'it\\'s \"x\"'", new EqlParserOptions { AllowSingleQuotedStrings = true }));

    [Fact]
    public void FallsBackToQuotedWhenARawStringCannotHoldTheValue()
    {
        var statement = new EqlStatement(default,
            new EventQuery(default, "process", new StringLiteral(default, "a\"\"\"b\nc", StringStyle.Raw)), ValueList<Pipe>.Empty);
        Assert.Equal("process where \"a\\\"\\\"\\\"b\\nc\"", EqlPrinter.Print(statement));
    }
}
