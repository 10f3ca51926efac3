using CsCheck;

namespace Vigil.Rules.Tests;

/// <summary>Bad input never throws: it becomes problems with places.</summary>
public sealed class RobustnessTests
{
    private static readonly string Valid = File.ReadAllText(Path.Combine(TestPaths.Data, "valid_minimal.toml"));

    [Fact]
    public void MangledTomlNeverThrows()
    {
        // Cut, duplicate or corrupt pieces of a valid rule.
        Gen.Select(Gen.Int[0, Valid.Length], Gen.Int[0, Valid.Length], Gen.Char['\0', '\u007f'])
            .Sample((cut, insertAt, ch) =>
            {
                var text = Valid[..Math.Min(cut, insertAt)] + ch + Valid[Math.Max(cut, insertAt)..];
                var result = TomlRuleReader.Read(text, "fuzz.toml");
                var validation = new RuleValidator().Validate(result);
                Assert.All(validation.Problems, p => Assert.Equal("fuzz.toml", p.File));
            }, iter: 300);
    }

    [Fact]
    public void ArbitraryJsonLinesNeverThrow()
    {
        string[] valueTexts = ["1", "-5", "1.5e3", "\"x\"", "null", "true", "[]", "{}", "[1,\"a\"]", "{\"a\":{}}", "1e400"];
        var values = Gen.Int[0, valueTexts.Length - 1].Select(i => valueTexts[i]);
        string[] keyTexts = ["rule_id", "name", "type", "risk_score", "severity", "threat", "meta", "new_terms_fields",
            "history_window_start", "index", "query", "note", "interval", "threshold", "alert_suppression", "exceptions_list"];
        var keys = Gen.Int[0, keyTexts.Length - 1].Select(i => keyTexts[i]);
        Gen.Select(keys, values).Array[0, 10].Sample(pairs =>
        {
            var line = "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + ",\"rule_id\":\"r\"}";
            var file = KibanaNdjsonReader.Read(line + "\n" + line[..(line.Length / 2)] + "\n", "fuzz.ndjson");
            foreach (var rule in file.Rules)
            {
                new RuleValidator().Validate(rule);
            }
        }, iter: 300);
    }
}

/// <summary>Inputs the fuzzer found; each once crashed the reader.</summary>
public sealed class FuzzFoundTomlTests
{
    [Theory]
    [InlineData("[rule]\nname = ", "[", "]")]
    [InlineData("[rule]\nmeta = ", "{a = ", "}")]
    public void NestingDeeperThanTheParserAllowsIsAnErrorOfTheFile(string head, string open, string close)
    {
        var text = head + string.Concat(Enumerable.Repeat(open, 80)) + "1" + string.Concat(Enumerable.Repeat(close, 80)) + "\n";
        var result = TomlRuleReader.Read(text, "deep.toml");
        Assert.Null(result.Rule);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("deep.toml", problem.File);
        Assert.Contains("64 levels", problem.Message);
    }
}
