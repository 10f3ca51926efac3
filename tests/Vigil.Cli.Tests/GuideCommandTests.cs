using System.Text.Json;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

public sealed class GuideCommandTests : IDisposable
{
    private const string RuleId = "11111111-2222-3333-4444-555555555555";

    private const string RuleToml = """"
        [metadata]
        creation_date = "2026/01/01"
        maturity = "production"
        updated_date = "2026/01/01"

        [transform]
        [[transform.osquery]]
        label = "Osquery - Retrieve Information for a Specific User"
        query = "SELECT * FROM users WHERE username = {{user.name}}"

        [rule]
        author = ["Vigil"]
        description = "Test rule."
        from = "now-9m"
        index = ["logs-endpoint.events.process-*"]
        language = "eql"
        license = "Elastic License v2"
        name = "Guide Test Rule"
        note = """## Current guide

        - Check the user: $osquery_0
        """
        risk_score = 47
        rule_id = "11111111-2222-3333-4444-555555555555"
        severity = "medium"
        type = "eql"
        query = '''
        process where process.name == "cat"
        '''

        [rule.locales."zh-CN"]
        note = """## 分诊

        - 检查用户：$osquery_0
        """
        """";

    private readonly string dir = Directory.CreateTempSubdirectory("vigil-guide-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string AlertJson(string id, string userName = "root", string? note = null) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@timestamp"] = "2026-03-04T10:20:30.000Z",
        ["kibana.alert.uuid"] = id,
        ["kibana.alert.rule.name"] = "Guide Test Rule",
        ["kibana.alert.rule.rule_id"] = RuleId,
        ["kibana.alert.rule.note"] = note ?? "## Stored guide\n\n- !{osquery{\"label\":\"Osquery - Users\",\"query\":\"SELECT * FROM users WHERE username = {{user.name}}\"}}\n",
        ["user"] = new { name = userName },
    });

    private (int Code, string Out, string Err) Run(GuideRequest request, string stdin = "")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = GuideRunner.Run(request, new StringReader(stdin), stdout, stderr, color: false, dir);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static GuideRequest Request(string? alert, string? id = null, string? rules = null, string? rule = null, string? lang = null, string format = "terminal") =>
        new(alert, id, rules, rule, lang, format);

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void NothingToRenderIsAUsageError()
    {
        var (code, output, error) = Run(Request(null));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("give an alert", error);
    }

    [Fact]
    public void InlineAlertRendersItsOwnNoteWithTheQueryFilled()
    {
        var (code, output, error) = Run(Request(AlertJson("a1", "x' OR '1'='1")));
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("## Stored guide", output);
        Assert.Contains("• [osquery 1] Users\n      SELECT * FROM users WHERE username = 'x'' OR ''1''=''1'\n", output);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public void IdTakesAUniquePrefixAndListsAnAmbiguousOne()
    {
        string file = WriteFile("prefix.jsonl", AlertJson("0f3c9a11", "alice") + "\n" + AlertJson("0f3d2b22", "bob") + "\n");
        var (code, output, _) = Run(Request(file, id: "0f3c"));
        Assert.Equal(0, code);
        Assert.Contains("SELECT * FROM users WHERE username = 'alice'", output);
        var (ambiguous, none, error) = Run(Request(file, id: "0f3"));
        Assert.Equal(2, ambiguous);
        Assert.Empty(none);
        Assert.Contains("is the start of 2 alert ids", error);
        Assert.Contains("  0f3c9a11  ", error);
        Assert.Contains("  0f3d2b22  ", error);
        var (missing, _, missingError) = Run(Request(file, id: "ff"));
        Assert.Equal(1, missing);
        Assert.Contains("no alert whose kibana.alert.uuid is or starts with ff", missingError);
    }

    [Fact]
    public void SeveralAlertsWithoutIdAreListedWithExitTwo()
    {
        string file = WriteFile("alerts.jsonl", AlertJson("a1") + "\n" + AlertJson("a2") + "\n");
        var (code, output, error) = Run(Request(file));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("holds 2 alerts; choose one with --id", error);
        Assert.Contains("  a1  2026-03-04T10:20:30.000Z  Guide Test Rule", error);
        Assert.Contains("  a2  ", error);
    }

    [Fact]
    public void IdChoosesTheAlert()
    {
        string file = WriteFile("alerts.jsonl", AlertJson("a1", "alice") + "\n" + AlertJson("a2", "bob") + "\n");
        var (code, output, _) = Run(Request(file, id: "a2"));
        Assert.Equal(0, code);
        Assert.Contains("username = 'bob'", output);
        Assert.Equal(1, Run(Request(file, id: "nope")).Code);
    }

    [Fact]
    public void StandardInputIsRead()
    {
        var (code, output, _) = Run(Request("-"), AlertJson("a1", "carol") + "\n");
        Assert.Equal(0, code);
        Assert.Contains("username = 'carol'", output);
    }

    [Fact]
    public void BadLinesAreReportedAndTheGoodAlertStillRenders()
    {
        string file = WriteFile("alerts.jsonl", "{oops\n" + AlertJson("a1") + "\n");
        var (code, output, error) = Run(Request(file));
        Assert.Equal(1, code);
        Assert.Contains("alerts.jsonl:1: not valid JSON", error);
        Assert.Contains("username = 'root'", output);
    }

    [Fact]
    public void RuleWithoutAlertRendersATemplate()
    {
        string rule = WriteFile("rule.toml", RuleToml);
        var (code, output, error) = Run(Request(null, rule: rule));
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("Guide Test Rule", output);
        Assert.Contains("## Current guide", output);
        Assert.Contains("[osquery 1] Retrieve Information for a Specific User  (placeholders: user.name)", output);
        Assert.Contains("SELECT * FROM users WHERE username = {{user.name}}", output);
    }

    [Fact]
    public void RulesFolderSuppliesTheCurrentRuleText()
    {
        WriteFile("rules/linux/rule.toml", RuleToml);
        var (code, output, _) = Run(Request(AlertJson("a1"), rules: Path.Combine(dir, "rules")));
        Assert.Equal(0, code);
        Assert.Contains("## Current guide", output);
        Assert.DoesNotContain("Stored guide", output);
        Assert.Contains("username = 'root'", output);
    }

    [Fact]
    public void LanguagePicksTheLocalisedGuide()
    {
        string rule = WriteFile("rule.toml", RuleToml);
        var (code, output, error) = Run(Request(AlertJson("a1"), rule: rule, lang: "zh-CN"));
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("## 分诊", output);
        Assert.Contains("检查用户：[osquery 1] Retrieve Information for a Specific User\n", output);
    }

    [Fact]
    public void MissingLocalisationFallsBackWithANotice()
    {
        string rule = WriteFile("rule.toml", RuleToml);
        var (code, output, error) = Run(Request(AlertJson("a1"), rule: rule, lang: "fr"));
        Assert.Equal(0, code);
        Assert.Contains("the rule has no fr investigation guide; showing the default guide", error);
        Assert.Contains("## Current guide", output);
    }

    [Fact]
    public void LanguageWithoutRuleTextLooksInTheShippedRulesFolder()
    {
        var (_, output, error) = Run(Request(AlertJson("a1"), lang: "zh-CN"));
        Assert.Contains("no rule text for rule_id " + RuleId, error);
        Assert.Contains("## Stored guide", output);

        WriteFile("rules/linux/rule.toml", RuleToml);
        (_, output, error) = Run(Request(AlertJson("a1"), lang: "zh-CN"));
        Assert.Empty(error);
        Assert.Contains("## 分诊", output);
    }

    [Fact]
    public void RuleNotInTheRulesFolderFallsBackToTheAlertsNote()
    {
        WriteFile("other/rule.toml", RuleToml.Replace(RuleId, "99999999-2222-3333-4444-555555555555", StringComparison.Ordinal));
        var (code, output, error) = Run(Request(AlertJson("a1"), rules: Path.Combine(dir, "other"), lang: "zh-CN"));
        Assert.Equal(0, code);
        Assert.Contains($"rule_id {RuleId} is not in", error);
        Assert.Contains("without the rule text there is no zh-CN guide; showing the default guide", error);
        Assert.Contains("## Stored guide", output);
        Assert.Contains("note: rule_id " + RuleId + " is not in", output);
    }

    [Fact]
    public void HtmlAndMarkdownFormats()
    {
        var (code, html, _) = Run(Request(AlertJson("a1", "<script>alert(1)</script>"), format: "html"));
        Assert.Equal(0, code);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script>", html);
        var (_, md, _) = Run(Request(AlertJson("a1"), format: "md"));
        Assert.StartsWith("## Stored guide", md);
        Assert.Contains("**\\[osquery 1\\] Users**: `SELECT * FROM users WHERE username = 'root'`", md);
    }

    [Fact]
    public void BrokenBlockIsReportedButTheGuideStillRenders()
    {
        string note = "- !{osquery{\"query\":\"SELECT 1\"]}}\n- !{osquery{\"query\":\"SELECT 2\"}}\n";
        var (code, output, error) = Run(Request(AlertJson("a1", note: note)));
        Assert.Equal(1, code);
        Assert.Contains("osquery block 1 (note line 1, column 3): Unable to parse osquery JSON configuration", error);
        Assert.Contains("[osquery 2] Run Osquery\n      SELECT 2", output);
    }

    [Fact]
    public void AlertWithoutNoteIsAnError()
    {
        var (code, _, error) = Run(Request("{\"kibana.alert.uuid\":\"x\"}"));
        Assert.Equal(1, code);
        Assert.Contains("has no kibana.alert.rule.note", error);
    }

    [Fact]
    public void CommandLineParsesThroughProgram()
    {
        var command = GuideCommand.Create();
        var result = command.Parse(["--format", "pdf", "x"]);
        Assert.NotEmpty(result.Errors);
        Assert.Empty(command.Parse(["--format", "md", "--id", "a", "x"]).Errors);
    }

    [Fact]
    public void ShippedSeedRuleGivesItsChineseGuideFromTheRepositoryRoot()
    {
        string root = RepoRoot();
        if (!File.Exists(Path.Combine(root, "rules", "linux", "command_and_control_cat_network_activity.toml")))
        {
            return;
        }

        string alert = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kibana.alert.uuid"] = "s1",
            ["kibana.alert.rule.rule_id"] = "afd04601-12fc-4149-9b78-9c3f8fe45d39",
            ["kibana.alert.rule.note"] = "stale",
            ["user"] = new { name = "root" },
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = GuideRunner.Run(Request(alert, lang: "zh-CN"), TextReader.Null, stdout, stderr, color: false, root);
        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
        string output = stdout.ToString();
        Assert.Contains("## 分诊与分析", output);
        Assert.Contains("SELECT * FROM users WHERE username = 'root'", output);
        Assert.DoesNotContain("stale", output);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Vigil.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Vigil.slnx not found");
    }
}
