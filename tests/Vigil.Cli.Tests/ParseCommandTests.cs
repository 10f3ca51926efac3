using System.Text.Json;
using Vigil.Cli.Commands;
using Vigil.Eql.Syntax;

namespace Vigil.Cli.Tests;

public sealed class ParseCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(string? query, bool json = false, string stdin = "",
        EqlParserOptions? options = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = ParseCommand.Run(query, json, options ?? EqlParserOptions.Default, new StringReader(stdin), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void PrintsTheCanonicalQuery()
    {
        var (code, stdout, stderr) = Run("process  where process.name:\"a*\"|head 5");

        Assert.Equal((0, "process where process.name : \"a*\" | head 5\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public void ReadsTheQueryFromStdinForADash()
    {
        var (code, stdout, _) = Run("-", stdin: "sequence\n  [a where true]\n  [b where true]\n");

        Assert.Equal((0, "sequence\n  [a where true]\n  [b where true]\n"), (code, stdout));
    }

    [Fact]
    public void ReportsASyntaxErrorWithACaretAndExitsOne()
    {
        var (code, stdout, stderr) = Run("process where x == 'a'");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            "error: 1:20: strings use double quotes (\"...\"), not single quotes\n" +
            "process where x == 'a'\n" +
            "                   ^~~\n",
            stderr);
    }

    [Fact]
    public void AcceptsSingleQuotesWhenAsked()
    {
        var (code, stdout, _) = Run("process where x == 'a'", options: new EqlParserOptions { AllowSingleQuotedStrings = true });

        Assert.Equal((0, "process where x == \"a\"\n"), (code, stdout));
    }

    [Fact]
    public void PrintsTheTreeAsJsonWithSpans()
    {
        var (code, stdout, _) = Run("any where x in (1)", json: true);

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("EqlStatement", root.GetProperty("kind").GetString());
        Assert.Equal("1:1-1:19", root.GetProperty("span").GetString());
        var condition = root.GetProperty("query").GetProperty("condition");
        Assert.Equal("InExpression", condition.GetProperty("kind").GetString());
        Assert.Equal("1:11-1:19", condition.GetProperty("span").GetString());
        Assert.Equal("x", condition.GetProperty("value").GetProperty("path").GetString());
        Assert.Equal(1, condition.GetProperty("set")[0].GetProperty("value").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("query").GetProperty("category").ValueKind);
    }

    [Fact]
    public void JsonKeepsQuotesAndAccentsReadable()
    {
        var (_, stdout, _) = Run("any where x == \"é\\\"\"", json: true);

        Assert.Contains("\"value\": \"é\\\"\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingQueryIsAUsageError()
    {
        var (code, _, stderr) = Run(null);

        Assert.Equal(2, code);
        Assert.Contains("give a query", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, new[] { "parse", "process where true" })]
    [InlineData(1, new[] { "parse", "process where" })]
    [InlineData(2, new[] { "parse" })]
    [InlineData(2, new[] { "parse", "a where true", "extra" })]
    [InlineData(2, new[] { "parse", "--bogus", "a where true" })]
    public void ProgramMainReturnsTheExitCode(int expected, string[] args) => Assert.Equal(expected, Program.Main(args));

    [Fact]
    public void TheEndgameDialectIsBoundAndPrintedExpanded()
    {
        var (code, stdout, stderr) = Run("macro M(x) x == 'a'\nprocess where M(process_name:substring(0, 1))", options: EqlParserOptions.Endgame);
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal("process where substring(process_name, 0, 1) == \"a\"\n", stdout);

        (code, stdout, stderr) = Run("process where arraySearch(arr, x)", options: EqlParserOptions.Endgame);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: 1:15: [arraySearch] expects exactly 3 arguments, found [2]\nprocess where arraySearch(arr, x)\n              ^", stderr);
    }
}
