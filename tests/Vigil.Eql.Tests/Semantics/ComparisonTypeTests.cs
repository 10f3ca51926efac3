using Vigil.Eql.Semantics;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// Comparisons between mismatched types. Elasticsearch's verifier accepts them (its VerifierTests.testQueryOk:
/// "Mismatched type, still ok" for <c>serial_event_id == "abcdef"</c>; testBoolean, testIP, testBinary likewise),
/// so they are never errors here; the binder warns instead, since a keyword compared with a number is a rule bug.
/// </summary>
public sealed class ComparisonTypeTests
{
    [Theory]
    [InlineData("process where process.name == 5", "[process.name == 5] compares [keyword] with [integer]")]
    [InlineData("process where process.pid == \"abc\"", "[process.pid == \"abc\"] compares [long] with [keyword]")]
    [InlineData("process where process.pid > true", "[process.pid > true] compares [long] with [boolean]")]
    [InlineData("network where destination.ip != 0", "[destination.ip != 0] compares [ip] with [integer]")]
    public void MismatchedTypesAreAWarningNotAnError(string query, string expected)
    {
        var result = EqlAnalyzer.Analyze(query, Schema.Default);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Contains(expected, warning.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("warning: 1:15:", warning.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("process where process.name == \"cat\"")]
    [InlineData("process where process.pid == \"1234\"")]
    [InlineData("process where process.pid < 1.5")]
    [InlineData("process where @timestamp > \"2026-01-01\"")]
    [InlineData("network where destination.ip == \"10.0.0.1\"")]
    [InlineData("process where process.name == null")]
    [InlineData("process where length(process.name) > 3")]
    public void CompatibleComparisonsSayNothing(string query)
    {
        var result = EqlAnalyzer.Analyze(query, Schema.Default);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void TheEsTestMappingAcceptsWhatItsVerifierAccepts()
    {
        foreach (var query in new[] { "process where serial_event_id == \"abcdef\"", "process where serial_event_id == 1", "process where exit_code > -1" })
        {
            Assert.DoesNotContain(EqlAnalyzer.Analyze(query, TestSchemas.EsDefault).Diagnostics, d => d.IsError);
        }
    }
}
