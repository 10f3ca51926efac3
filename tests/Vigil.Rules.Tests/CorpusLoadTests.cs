namespace Vigil.Rules.Tests;

public sealed class CorpusLoadTests
{
    [Fact]
    public void EveryCorpusRuleLoadsWithoutErrors()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        var files = RuleLoader.Load([Path.Combine(TestPaths.DetectionRules, "rules"), Path.Combine(TestPaths.DetectionRules, "rules_building_block")]);
        var rules = files.SelectMany(f => f.Rules).ToList();
        // README of the corpus: 1940 active rules and 128 building blocks.
        Assert.Equal(1940 + 128, files.Count);
        Assert.Equal(1940 + 128, rules.Count);
        var withErrors = rules.Where(r => r.HasErrors).Select(r => r.Problems.First(p => p.IsError).ToString()).ToList();
        Assert.Empty(withErrors);
        Assert.All(rules, r => Assert.NotNull(r.Rule));
        Assert.Equal(128, rules.Count(r => r.Rule!.IsBuildingBlock));
        Assert.Equal(1024, rules.Count(r => r.Rule!.Type == "eql"));
        Assert.Equal(254, rules.Count(r => !r.Rule!.Transforms.IsEmpty));
        // No key of the corpus is unknown to the model.
        Assert.DoesNotContain(rules.SelectMany(r => r.Problems), p => p.Message.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void CorpusTypesAndOptionalKeysAreRead()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        var rules = RuleLoader.Load([Path.Combine(TestPaths.DetectionRules, "rules"), Path.Combine(TestPaths.DetectionRules, "rules_building_block")])
            .SelectMany(f => f.Rules).Select(r => r.Rule!).ToList();
        // Counts found with an independent TOML reader (Python tomllib) over the same files.
        Assert.Equal(454, rules.Count(r => r.Type == "query"));
        Assert.Equal(241, rules.Count(r => r.Type == "new_terms"));
        Assert.Equal(209, rules.Count(r => r.Type == "esql"));
        Assert.Equal(106, rules.Count(r => r.Type == "machine_learning"));
        Assert.Equal(28, rules.Count(r => r.Type == "threshold"));
        Assert.Equal(6, rules.Count(r => r.Type == "threat_match"));
        Assert.Equal(241, rules.Count(r => r.NewTerms is not null));
        Assert.Equal(28, rules.Count(r => r.Threshold is not null));
        Assert.Equal(23, rules.Count(r => r.AlertSuppression is not null));
        Assert.Equal(504, rules.Count(r => r.InvestigationFields is not null));
        Assert.Equal(18, rules.Count(r => r.Filters is not null));
        Assert.Equal(9, rules.Count(r => r.ExceptionsList.Count > 0));
        Assert.Equal(20, rules.Count(r => r.RiskScoreMapping.Count > 0));
        Assert.Equal(28, rules.Count(r => r.SeverityMapping.Count > 0));
        Assert.Equal(15, rules.Count(r => r.EventCategoryOverride is not null));
        Assert.Equal(11, rules.Count(r => !r.Enabled || r.Source.KeyLines.ContainsKey("rule.enabled")));
        Assert.Equal(65, rules.Count(r => r.Source.KeyLines.ContainsKey("rule.max_signals")));
        Assert.Equal(1998, rules.Count(r => r.Threat.Count > 0));
        Assert.Equal(106, rules.Count(r => r.MachineLearningJobId is { Count: > 0 }));
        Assert.All(rules.Where(r => r.Type != "machine_learning"), r => Assert.NotNull(r.Query));
    }

    [Fact]
    public void KeyLinesPointAtTheKeys()
    {
        var text = File.ReadAllLines(TestPaths.SeedRule);
        var rule = TomlRuleReader.ReadFile(TestPaths.SeedRule).Rule!;
        foreach (var key in new[] { "severity", "risk_score", "rule_id", "query", "from", "interval", "index" })
        {
            var prefix = key == "query" ? "query = '" : key + " =";
            var expected = Array.FindIndex(text, l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1;
            Assert.True(expected > 0, key);
            Assert.Equal(expected, rule.Source.LineOf("rule." + key));
        }
        var tacticIdLines = text.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("id = \"TA", StringComparison.Ordinal)).Select(x => x.i + 1).ToList();
        Assert.Equal(3, tacticIdLines.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(tacticIdLines[i], rule.Source.LineOf($"rule.threat[{i}].tactic.id"));
        }
        var osqueryLines = text.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("query = \"SELECT", StringComparison.Ordinal)).Select(x => x.i + 1).ToList();
        Assert.Equal(osqueryLines[5], rule.Source.LineOf("transform.osquery[5].query"));
    }

    [Fact]
    public void DefaultsAreKibanas()
    {
        var rule = TomlRuleReader.Read("""
            [rule]
            name = "n"
            rule_id = "r"
            description = "d"
            type = "query"
            severity = "low"
            risk_score = 21
            """, "inline.toml").Rule!;
        Assert.Equal("now-6m", rule.From);
        Assert.Equal("now", rule.To);
        Assert.Equal("5m", rule.Interval);
        Assert.Equal(100, rule.MaxSignals);
        Assert.Equal(1, rule.Version);
        Assert.True(rule.Enabled);
        Assert.Null(rule.Index);
        Assert.Empty(rule.LocalizedNotes);
    }

    [Fact]
    public void DuplicateKeysAreSyntaxErrors()
    {
        var result = TomlRuleReader.Read("[rule]\nname = \"a\"\nname = \"b\"\n", "dup.toml");
        Assert.Null(result.Rule);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("name", problem.Message, StringComparison.Ordinal);
    }
}
