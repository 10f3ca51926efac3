using Vigil.Eql.Runtime;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>The EQL functions with ES's null and type behaviour (expected values from ES's documentation and QA suites).</summary>
public sealed class FunctionTests
{
    private const string Event = """{"@timestamp": 1, "id": 1, "file": "explorer.exe", "n": 82, "ip": "192.168.1.9", "ip6": "2001:db8::1", "nothing": null}""";

    [Theory]
    [InlineData("add(n, 1) == 83 and subtract(n, 2) == 80 and multiply(n, 2) == 164")]
    [InlineData("divide(n, 4) == 20 and divide(n, 4.0) == 20.5 and modulo(n, 10) == 2")]
    [InlineData("divide(n, 0) == null")]
    [InlineData("number(\"0x32\", 16) == 50 and number(\"32\", 16) == 50 and number(\"5\") == 5 and number(\"2.5\") == 2.5")]
    [InlineData("number(\"zz\") == null and number(nothing) == null")]
    [InlineData("string(n) == \"82\" and string(2.5) == \"2.5\" and string(true) == \"true\"")]
    [InlineData("concat(n, \"::\", file) == \"82::explorer.exe\" and concat(file, nothing) == null")]
    [InlineData("length(file) == 12 and length(nothing) == null")]
    [InlineData("substring(file, 1, 3) == \"xp\" and substring(file, -4) == \".exe\" and substring(file, -4, -1) == \".ex\" and substring(file, 20) == \"\"")]
    [InlineData("between(file, \"x\", \".\") == \"plorer\" and between(file, \"e\", \"e\", true) == \"xplorer.ex\" and between(file, \"q\", \"e\") == \"\"")]
    [InlineData("between~(file, \"X\", \".\") == \"plorer\"")]
    [InlineData("indexOf(file, \"plore\") == 2 and indexOf(file, \"PLORE\") == null and indexOf~(file, \"PLORE\") == 2 and indexOf(file, \"e\", 1) == 6 and indexOf(file, \"e\", 100) == null")]
    [InlineData("startsWith(file, \"explorer\") and not startsWith(file, \"EXPLORER\") and startsWith~(file, \"EXPLORER\")")]
    [InlineData("endsWith(file, \".exe\") and endsWith~(file, \".EXE\") and stringContains(file, \"lore\") and stringContains~(file, \"LORE\")")]
    [InlineData("startsWith(nothing, \"x\") == null")]
    [InlineData("cidrMatch(ip, \"192.168.0.0/16\") and cidrMatch(ip, \"10.0.0.0/8\", \"192.168.1.9/32\") and not cidrMatch(ip, \"10.0.0.0/8\")")]
    [InlineData("cidrMatch(ip, \"192.168.1.200/24\") and cidrMatch(ip6, \"2001:db8::/32\") and cidrMatch(nothing, \"0.0.0.0/0\") == null")]
    public void FunctionsFollowEs(string condition) => Assert.True(QueryHarness.Matches(condition, Event), condition);

    [Fact]
    public void ValuesCompareAcrossNumericKindsAndOrdinallyForStrings()
    {
        Assert.Equal(0, EqlComparison.Compare(EqlValue.FromLong(3), EqlValue.FromDouble(3.0)));
        Assert.True(EqlComparison.Compare(EqlValue.FromString("B"), EqlValue.FromString("a")) < 0);
        Assert.Null(EqlComparison.Compare(EqlValue.FromString("1"), EqlValue.FromLong(1)));
        Assert.Null(EqlComparison.AreEqual(EqlValue.Null, EqlValue.Null, false));
        Assert.True(EqlComparison.AreEqual(EqlValue.FromString("İx"), EqlValue.FromString("i̇X"), true) is not null);
        Assert.True(EqlComparison.Compare(EqlValue.FromVersion("1.11.3"u8.ToArray()), EqlValue.FromString("1.5.0")) > 0);
        Assert.True(EqlComparison.Compare(EqlValue.FromVersion("1.2.4-SNAPSHOT"u8.ToArray()), EqlValue.FromString("1.2.4")) < 0);
        Assert.True(EqlComparison.Compare(EqlValue.FromVersion("bad"u8.ToArray()), EqlValue.FromString("99.0.0")) > 0);
        Assert.Equal(0, EqlComparison.Compare(EqlValue.FromDate(1_000_000), EqlValue.FromString("1970-01-01T00:00:00.001Z")));
    }

    [Theory]
    [InlineData(41.0, "41.0")]
    [InlineData(7.5, "7.5")]
    [InlineData(-0.25, "-0.25")]
    public void DoublesRenderAsJavaDoes(double value, string expected) => Assert.Equal(expected, EqlValue.FormatDouble(value));

    [Fact]
    public void WildcardsAreLinearAndLiteralOtherwise()
    {
        var pattern = new WildcardPattern("*a*a*a*a*a*b", ignoreCase: false);
        Assert.False(pattern.IsMatch(new string('a', 100_000)));
        Assert.True(new WildcardPattern("a\\*", false).IsMatch("a\\xyz"));
        Assert.True(new WildcardPattern("?", false).IsMatch("é"));
        Assert.False(new WildcardPattern("?", false).IsMatch(""));
    }
}
