using Vigil.Cli.Usage;

namespace Vigil.Cli.Tests;

/// <summary>Usage errors through <see cref="Program.Run"/>: exit 2, worded, nothing run; help exits 0.</summary>
public sealed class UsageTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void AMisspelledOptionIsAUsageErrorWithASuggestionAndNothingRuns()
    {
        var (code, output, err) = Run("scan", "--fromat", "table", "--rules", "rules", "examples/");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("unknown option --fromat; did you mean --format?", err);
        Assert.DoesNotContain("cannot open", err);
        Assert.DoesNotContain("rule", err.Replace("--rules", "", StringComparison.Ordinal).Split('\n')[0]);
    }

    [Theory]
    [InlineData("scna", "did you mean scan?")]
    [InlineData("valdiate", "did you mean validate?")]
    public void AMisspelledCommandSuggestsTheClosest(string typed, string expected)
    {
        var (code, _, err) = Run(typed);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void ANonNumberIsWordedWithoutDotNetTypeNames()
    {
        var (code, _, err) = Run("scan", "--rules", "rules", "--threads", "abc", "examples/");
        Assert.Equal(2, code);
        Assert.Contains("--threads: 'abc' is not a number", err);
        Assert.DoesNotContain("System.", err);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("query")]
    [InlineData("validate")]
    [InlineData("generate")]
    [InlineData("bench")]
    [InlineData("explain")]
    [InlineData("rules show")]
    [InlineData("parse")]
    public void HelpExitsZeroEvenWhenRequiredValuesAreMissing(string command)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (code, output, _) = Run([.. command.Split(' '), flag]);
            Assert.Equal(0, code);
            Assert.Contains("Usage:", output);
            Assert.DoesNotContain("additional arguments", output);
        }
    }

    [Fact]
    public void ParseRejectsASecondArgument()
    {
        var (code, _, err) = Run("parse", "process where true", "extra");
        Assert.Equal(2, code);
        Assert.Contains("unexpected argument 'extra'", err);
    }

    [Fact]
    public void TokensAfterDoubleDashAndStdinDashAreNotOptions()
    {
        var (code, _, err) = Run("parse", "-", "--fromat");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --fromat", err);
        Assert.DoesNotContain("'-'", err);
    }

    [Theory]
    [InlineData("scna", "scan", 1)]
    [InlineData("scan", "scan", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    public void DistanceCountsASwapAsOneEdit(string a, string b, int expected) => Assert.Equal(expected, Suggestions.Distance(a, b));

    [Fact]
    public void NoSuggestionWhenNothingIsClose() => Assert.Null(Suggestions.Closest("--zzzzzz", ["--format", "--rules"]));
}
