namespace Vigil.Rules.Tests;

/// <summary>
/// Deliberately broken rules (Data/broken/NAME.toml) and the errors they must produce (NAME.expected: one
/// "line N: key: message" per error, in line order). Line numbers in the expected files were counted by hand.
/// </summary>
public sealed class ValidatorGoldenTests
{
    public static TheoryData<string> BrokenRules()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Data, "broken"), "*.toml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void BrokenRuleFailsWithTheExpectedErrors(string name)
    {
        var path = Path.Combine(TestPaths.Data, "broken", name + ".toml");
        var results = RuleSetValidator.ValidatePaths([path]);
        var result = Assert.Single(results);
        Assert.Equal(RuleValidationStatus.Failed, result.Status);
        var actual = result.Errors.Select(e => e.ToShortString()).ToList();
        var expected = File.ReadAllLines(Path.Combine(TestPaths.Data, "broken", name + ".expected")).Where(l => l.Length > 0).ToList();
        Assert.Equal(expected, actual);
        Assert.All(result.Errors, e => Assert.Equal(path, e.File));
    }

    [Fact]
    public void BrokenRulesAreAllCovered()
    {
        Assert.True(Directory.EnumerateFiles(Path.Combine(TestPaths.Data, "broken"), "*.toml").Count() >= 12);
    }

    [Fact]
    public void MinimalValidRulePasses()
    {
        var result = RuleSetValidator.ValidatePaths([Path.Combine(TestPaths.Data, "valid_minimal.toml")]).Single();
        Assert.Equal(RuleValidationStatus.Passed, result.Status);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void DeprecatedCorpusRulesAllFailAsDeprecated()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        var results = RuleSetValidator.ValidatePaths([Path.Combine(TestPaths.DetectionRules, "deprecated")]);
        Assert.Equal(124, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(RuleValidationStatus.Failed, r.Status);
            Assert.Contains(r.Errors, e => e.Key == "metadata.maturity" && e.Message.StartsWith("the rule is deprecated on ", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void CorpusHasNoFailuresAndEveryEqlQueryPasses()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        var results = CorpusCache.Validations;
        Assert.Equal(2068, results.Count);
        Assert.Empty(results.Where(r => r.Status == RuleValidationStatus.Failed).Select(r => r.File + ": " + string.Join("; ", r.Errors)));
        // 1,024 EQL rules and 729 KQL (kuery) rules of every type: their queries are parsed and bound.
        Assert.Equal(1024 + 729, results.Count(r => r.Status == RuleValidationStatus.Passed));
        Assert.All(results.Where(r => r.Status == RuleValidationStatus.Passed),
            r => Assert.True(r.Rule!.Type == "eql" || r.Rule.Language == "kuery", r.File));
        Assert.All(results.Where(r => r.Status == RuleValidationStatus.Skipped),
            r => Assert.StartsWith("skipped (language not executable yet", r.Note, StringComparison.Ordinal));
    }

    [Fact]
    public void EqlFileErrorsArePositionedInTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-eql-");
        try
        {
            var good = Path.Combine(dir.FullName, "a_good.eql");
            var bad = Path.Combine(dir.FullName, "b_bad.eql");
            File.WriteAllText(good, "process where process.name == \"cat\"\n");
            File.WriteAllText(bad, "process where\n  process.name == \"cat\" and (\n");
            var results = RuleSetValidator.ValidatePaths([dir.FullName]);
            Assert.Equal(2, results.Count);
            Assert.Equal(RuleValidationStatus.Passed, results[0].Status);
            Assert.Equal(RuleValidationStatus.Failed, results[1].Status);
            var error = results[1].Errors.First();
            Assert.Equal(bad, error.File);
            Assert.True(error.Line >= 2, error.ToString());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void UnusedOrMissingTransformsAreWarnings()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Data, "valid_minimal.toml"))
            .Replace("[rule]\n", "[transform]\n[[transform.osquery]]\nlabel = \"a\"\nquery = \"SELECT 1\"\n\n[rule]\nnote = \"see $osquery_1\"\n", StringComparison.Ordinal);
        var result = new RuleValidator().Validate(TomlRuleReader.Read(text, "t.toml"));
        Assert.Equal(RuleValidationStatus.Passed, result.Status);
        Assert.Contains(result.Warnings, w => w.Key == "rule.note" && w.Message.StartsWith("$osquery_1 has no [[transform.osquery]] entry", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Key == "transform.osquery[0]" && w.Message == "no note uses $osquery_0");
    }

    [Fact]
    public void LookBackShorterThanIntervalWarns()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Data, "valid_minimal.toml")).Replace("from = \"now-9m\"", "from = \"now-2m\"", StringComparison.Ordinal);
        var result = new RuleValidator().Validate(TomlRuleReader.Read(text, "t.toml"));
        Assert.Equal(RuleValidationStatus.Passed, result.Status);
        Assert.Contains(result.Warnings, w => w.Key == "rule.from" && w.Line == 9);
    }
}
