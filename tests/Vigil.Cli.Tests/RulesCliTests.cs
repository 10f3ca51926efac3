using System.Text.Json.Nodes;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil validate</c> and <c>vigil rules</c>, driven through their Run methods.</summary>
public sealed class RulesCliTests
{
    private static readonly string RepoRoot = RepoPaths.Root;

    private static string? CorpusRoot()
    {
        for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "detection-rules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static (int Code, string Out, string Err) Validate(params string[] args)
    {
        var paths = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var format = args.Contains("--json") ? "json" : "table";
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ValidateCommand.Run(paths, format, showWarnings: false, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string LastLine(string text) => text.TrimEnd('\n').Split('\n')[^1];

    [Fact]
    public void CorpusValidatesWithNoFailures()
    {
        if (CorpusRoot() is not { } corpus)
        {
            return;
        }
        var (code, output, _) = Validate(Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block"));
        // 1,024 EQL + 729 KQL rules pass; ES|QL, machine learning and the rest are skipped.
        Assert.Equal("1753 passed, 0 failed, 315 skipped", LastLine(output));
        Assert.Equal(0, code);
    }

    [Fact]
    public void DeprecatedRulesFail()
    {
        if (CorpusRoot() is not { } corpus)
        {
            return;
        }
        var (code, output, _) = Validate(Path.Combine(corpus, "deprecated"));
        Assert.Equal("0 passed, 124 failed, 0 skipped", LastLine(output));
        Assert.Equal(1, code);
        Assert.Contains("metadata.maturity: the rule is deprecated on ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenRulesFailAndTheTableNamesFileLineAndKey()
    {
        var broken = Path.Combine(RepoRoot, "tests", "Vigil.Rules.Tests", "Data", "broken");
        var (code, output, _) = Validate(broken);
        var count = Directory.GetFiles(broken, "*.toml").Length;
        Assert.Equal($"0 passed, {count} failed, 0 skipped", LastLine(output));
        Assert.Equal(1, code);
        var header = output.Split('\n')[0];
        Assert.Matches("^FILE +RULE +STATUS +MESSAGE$", header);
        var severityRow = output.Split('\n').Single(l => l.Contains("severity_and_risk.toml", StringComparison.Ordinal));
        Assert.Contains("failed", severityRow, StringComparison.Ordinal);
        Assert.Contains("line 14: rule.risk_score: must be between 0 and 100, found 147", severityRow, StringComparison.Ordinal);
        Assert.Contains("line 16: rule.severity: unknown severity \"severe\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonFormatIsOneDocumentAndTheSummaryGoesToStderr()
    {
        var (code, output, error) = Validate(Path.Combine(RepoRoot, "rules"), "--json");
        Assert.Equal(0, code);
        var doc = JsonNode.Parse(output)!;
        Assert.Equal(1, doc["passed"]!.GetValue<int>());
        Assert.Equal("Network Activity Detected via cat", doc["results"]![0]!["rule"]!.GetValue<string>());
        Assert.Equal("1 passed, 0 failed, 0 skipped", LastLine(error));
    }

    [Fact]
    public void MissingPathIsAUsageError()
    {
        // docs/cli.md: a missing file is a usage error (2) in every command; nothing is validated.
        var (code, output, error) = Validate(Path.Combine(RepoRoot, "no-such-folder"));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("no-such-folder: no such file or folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldsAreShownAsWarningsByDefault()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-validate-warn-");
        try
        {
            var rule = File.ReadAllText(Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.toml"))
                .Replace("process.name == \"cat\"", "process.nmae == \"cat\"", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir.FullName, "typo.toml"), rule);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(0, Program.Run(["validate", dir.FullName], stdout, stderr));
            Assert.Contains("warning: ", stdout.ToString(), StringComparison.Ordinal);
            Assert.Contains("Unknown field [process.nmae]", stdout.ToString(), StringComparison.Ordinal);
            using var quiet = new StringWriter();
            Assert.Equal(0, Program.Run(["validate", "--no-warnings", dir.FullName], quiet, stderr));
            Assert.DoesNotContain("process.nmae", quiet.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void NdjsonExportsAndEqlFilesAreValidated()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-cli-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.eql"), "process where process.name == \"cat\"\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.ndjson"),
                "{\"rule_id\":\"7f0b7c51-3c57-4f43-9d0e-2b7c9a1f6a10\",\"name\":\"K\",\"description\":\"d\",\"type\":\"query\",\"language\":\"kuery\",\"query\":\"process.name:cat\",\"severity\":\"low\",\"risk_score\":21}\n"
                + "{\"rule_id\":\"9a1e3b62-51a4-4d0c-8f6e-3c2d1b0a9f87\",\"name\":\"E\",\"description\":\"d\",\"type\":\"eql\",\"language\":\"eql\",\"query\":\"process where\",\"severity\":\"low\",\"risk_score\":21}\n"
                + "{\"exported_count\":2,\"exported_rules_count\":2}\n");
            var (code, output, _) = Validate(dir.FullName);
            // The KQL query rule's query is parsed and bound now, so it passes.
            Assert.Equal("2 passed, 1 failed, 0 skipped", LastLine(output));
            Assert.Equal(1, code);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void RulesListAndShow()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, RulesCommand.RunList([Path.Combine(RepoRoot, "rules")], "table", stdout, stderr));
        var lines = stdout.ToString().TrimEnd('\n').Split('\n');
        Assert.Matches("^RULE_ID +NAME +TYPE +SEVERITY +FILE$", lines[0]);
        Assert.Matches("^afd04601 +Network Activity Detected via cat +eql +medium +.*rules/linux/command_and_control_cat_network_activity.toml$", lines[1]);
        Assert.Equal("1 rule", lines[^1]);
        // The row's rule_id prefix leads to the rule.
        using var byPrefix = new StringWriter();
        Assert.Equal(0, RulesCommand.RunShow("afd04601", [Path.Combine(RepoRoot, "rules")], null, byPrefix, stderr));
        Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", byPrefix.ToString(), StringComparison.Ordinal);

        using var shown = new StringWriter();
        Assert.Equal(0, RulesCommand.RunShow("afd04601-12fc-4149-9b78-9c3f8fe45d39", [Path.Combine(RepoRoot, "rules")], "zh-CN", shown, stderr));
        var text = shown.ToString();
        Assert.Contains("TA0011 Command and Control  https://attack.mitre.org/tactics/TA0011/", text, StringComparison.Ordinal);
        Assert.Contains("with maxspan=1s", text, StringComparison.Ordinal);
        Assert.Contains("误报分析", text, StringComparison.Ordinal);
        Assert.Contains("!{osquery{", text, StringComparison.Ordinal);

        using var missing = new StringWriter();
        Assert.Equal(1, RulesCommand.RunShow("00000000-0000-0000-0000-000000000000", [Path.Combine(RepoRoot, "rules")], null, missing, stderr));
    }

    [Fact]
    public void RuleIdPrefixesAreTheShortestUniqueOnes()
    {
        var prefixes = Vigil.Cli.Commands.RuleIdPrefixes.Shortest(["9d110cb3-5f4b-4c9a-b9f5-53f0a1707ae9", "9d110cb3-5f4b-4c9a-b9f5-53f0a1707ae6", "afd04601-12fc-4149-9b78-9c3f8fe45d39", "short"]);
        Assert.Equal("9d110cb3-5f4b-4c9a-b9f5-53f0a1707ae9", prefixes["9d110cb3-5f4b-4c9a-b9f5-53f0a1707ae9"]);
        Assert.Equal("afd04601", prefixes["afd04601-12fc-4149-9b78-9c3f8fe45d39"]);
        Assert.Equal("short", prefixes["short"]);
    }
}
