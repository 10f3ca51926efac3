using System.Text.RegularExpressions;

namespace Vigil.Rules.Tests;

/// <summary>The shipped seed rule against its specification (/work/shared/seed, zh-CN documentation page).</summary>
public sealed partial class SeedRuleTests
{
    private static Rule Seed() => TomlRuleReader.ReadFile(TestPaths.SeedRule).Rule!;

    [Fact]
    public void MetadataMatchesTheSpecification()
    {
        var rule = Seed();
        Assert.Equal("Network Activity Detected via cat", rule.Name);
        Assert.Equal("afd04601-12fc-4149-9b78-9c3f8fe45d39", rule.RuleId);
        Assert.Equal(6, rule.Version);
        Assert.Equal("eql", rule.Type);
        Assert.Equal("eql", rule.Language);
        Assert.Equal(["logs-endpoint.events.*"], rule.Index!.Value);
        Assert.Equal("medium", rule.Severity);
        Assert.Equal(47, rule.RiskScore);
        Assert.Equal("5m", rule.Interval);
        Assert.Equal("now-9m", rule.From);
        Assert.Equal(100, rule.MaxSignals);
        Assert.Equal(["Elastic"], rule.Author);
        Assert.Equal("Elastic License v2", rule.License);
        Assert.Empty(rule.References);
        Assert.Equal(["Domain: Endpoint", "OS: Linux", "Use Case: Threat Detection", "Tactic: Command and Control", "Data Source: Elastic Defend"], rule.Tags);
        Assert.Equal(["TA0011", "TA0005", "TA0010"], rule.Threat.Select(t => t.Tactic.Id));
        Assert.Equal(["Command and Control", "Defense Evasion", "Exfiltration"], rule.Threat.Select(t => t.Tactic.Name));
        Assert.All(rule.Threat, t => Assert.Equal("MITRE ATT&CK", t.Framework));
        Assert.Contains("with maxspan=1s", rule.Query, StringComparison.Ordinal);
        Assert.Contains("sequence by host.id, process.entity_id", rule.Query, StringComparison.Ordinal);
        Assert.NotNull(rule.Setup);
        Assert.Contains("Elastic Defend", rule.Setup, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"([0-9A-Fa-f:.]+(?:/\\d+)?)\"")]
    private static partial Regex QuotedAddress();

    [Fact]
    public void CidrListIsTheSpecificationsList()
    {
        var seedDoc = Path.Combine(TestPaths.Shared, "seed", "000_15c40c9fc3ce3ac9.txt");
        if (!File.Exists(seedDoc))
        {
            return;
        }
        static List<string> Cidrs(string text)
        {
            var start = text.IndexOf("cidrmatch(", StringComparison.Ordinal);
            var end = text.IndexOf(')', start);
            return QuotedAddress().Matches(text[start..end]).Select(m => m.Groups[1].Value).ToList();
        }
        var expected = Cidrs(File.ReadAllText(seedDoc));
        Assert.Equal(26, expected.Count);
        Assert.Equal(expected, Cidrs(Seed().Query!));
    }

    [Fact]
    public void QueryMatchesTheSpecificationIgnoringLayout()
    {
        var seedDoc = Path.Combine(TestPaths.Shared, "seed", "000_15c40c9fc3ce3ac9.txt");
        if (!File.Exists(seedDoc))
        {
            return;
        }
        var text = File.ReadAllText(seedDoc);
        var start = text.IndexOf("sequence by", StringComparison.Ordinal);
        var end = text.IndexOf(']', text.IndexOf("\"FF00::/8\"", start, StringComparison.Ordinal)) + 1;
        static string Squash(string s) => Regex.Replace(s, @"\s+", "");
        Assert.Equal(Squash(text[start..end]), Squash(Seed().Query!));
    }

    [Fact]
    public void GuideHasSixOsqueryButtonsInBothLanguages()
    {
        var rule = Seed();
        Assert.Equal(6, rule.Transforms.Osquery.Count);
        Assert.Equal(2, rule.Transforms.Osquery.Count(o => o.Query.Contains("{{user.name}}", StringComparison.Ordinal)));
        var english = rule.RenderedNote!;
        Assert.Equal(6, Regex.Matches(english, @"!\{osquery\{").Count);
        Assert.DoesNotContain("$osquery_", english, StringComparison.Ordinal);
        Assert.Contains("### False positive analysis", english, StringComparison.Ordinal);
        Assert.Contains("### Response and remediation", english, StringComparison.Ordinal);
        Assert.True(rule.LocalizedNotes.ContainsKey("zh-CN"));
        var chinese = rule.RenderedNoteFor("zh-CN")!;
        Assert.Equal(6, Regex.Matches(chinese, @"!\{osquery\{").Count);
        Assert.Contains("误报分析", chinese, StringComparison.Ordinal);
        Assert.Contains("响应与处置", chinese, StringComparison.Ordinal);
        // Language selection: tag match is case-insensitive, zh falls back to zh-CN, unknown languages get English.
        Assert.Equal(chinese, rule.RenderedNoteFor("zh-cn"));
        Assert.Equal(chinese, rule.RenderedNoteFor("zh"));
        Assert.Equal(english, rule.RenderedNoteFor("fr-FR"));
        Assert.Equal(english, rule.RenderedNoteFor(null));
    }

    [Fact]
    public void SeedRuleValidatesClean()
    {
        var result = RuleSetValidator.ValidatePaths([Path.Combine(TestPaths.RepoRoot, "rules")]);
        var seed = Assert.Single(result);
        Assert.Equal(RuleValidationStatus.Passed, seed.Status);
        Assert.Empty(seed.Problems);
    }

    [Fact]
    public void GuideIsNotTheCorpusProse()
    {
        var corpusCopy = Path.Combine(TestPaths.DetectionRules, "rules", "linux", "command_and_control_cat_network_activity.toml");
        if (!File.Exists(corpusCopy))
        {
            return;
        }
        var theirs = TomlRuleReader.ReadFile(corpusCopy).Rule!;
        var ours = Seed();
        static IEnumerable<string> Sentences(string s) => Regex.Split(s, @"(?<=[.!?])\s+|\n").Select(x => x.Trim()).Where(x => x.Length > 40);
        var shared = Sentences(theirs.Note!).Concat(Sentences(theirs.Description)).Concat(Sentences(theirs.Setup!))
            .Intersect(Sentences(ours.Note!).Concat(Sentences(ours.Description)).Concat(Sentences(ours.Setup!)))
            .Where(x => !x.Contains("53617418-17b4-4e9c-8a2c-8deb8086ca4b", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(shared);
    }
}
