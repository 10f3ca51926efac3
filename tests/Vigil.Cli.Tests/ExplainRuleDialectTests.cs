using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil explain --rule R --dialect endgame</c>: the rule's EQL query explained with the Endgame dialect's
/// semantics over the rule's indices, with the rule's own category field. Expectations worked out by hand.
/// </summary>
public sealed class ExplainRuleDialectTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vigil-explain-rule-dialect-" + Guid.NewGuid().ToString("N"));

    public ExplainRuleDialectTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const string Events =
        "{\"@timestamp\":\"2026-11-27T10:00:00Z\",\"event_type\":\"process\",\"serial_event_id\":1,\"process_name\":\"CMD.exe\",\"pid\":4}\n" +
        "{\"@timestamp\":\"2026-11-27T10:00:01Z\",\"event_type\":\"process\",\"serial_event_id\":2,\"process_name\":\"cmd.exe\",\"pid\":8}\n" +
        "{\"@timestamp\":\"2026-11-27T10:00:02Z\",\"event_type\":\"file\",\"serial_event_id\":3,\"file_name\":\"a.txt\",\"pid\":8}\n";

    private static QueryCommandOptions Endgame => new() { Endgame = true, CaseInsensitive = true, InputOrder = true };

    private string Rule(string query, string language = "eql") =>
        $$"""
        [metadata]
        creation_date = "2026/12/04"
        maturity = "production"
        updated_date = "2026/12/04"

        [rule]
        author = ["Vigil"]
        description = "Explain test rule."
        event_category_override = "event_type"
        language = "{{language}}"
        license = "Elastic License v2"
        name = "Dialect test"
        risk_score = 21
        rule_id = "9b1f6c1e-2f4d-4a61-9d6e-5f0d2c1a7b10"
        severity = "low"
        type = "{{(language == "eql" ? "eql" : "query")}}"
        query = '''
        {{query}}
        '''
        """;

    // The rule names no index, so every event is in scope.
    private (int Code, string Out, string Err) Explain(string query, QueryCommandOptions? dialect, string language = "eql")
    {
        var rule = Path.Combine(folder, "rule.toml");
        File.WriteAllText(rule, Rule(query, language));
        var events = Path.Combine(folder, "events.ndjson");
        File.WriteAllText(events, Events);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ExplainCommand.Run(rule, [], [events], stdout, stderr, dialect);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void TheRulesQueryIsExplainedWithTheDialectsSemantics()
    {
        // Endgame folds case: CMD.exe and cmd.exe both equal "cmd.EXE" (events 1 and 2).
        var (code, output, err) = Explain("process where process_name == \"cmd.EXE\"", Endgame);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("Rule: Dialect test (9b1f6c1e-2f4d-4a61-9d6e-5f0d2c1a7b10)", output);
        Assert.Contains("Dialect: endgame, case-insensitive", output);
        Assert.Contains("MATCHED: 2 results", output);
        Assert.Contains("result 1: events.ndjson:1", output);
        Assert.Contains("result 2: events.ndjson:2", output);
        // Case-sensitive, neither name is "cmd.EXE": the closest events fail on the name.
        (code, output, _) = Explain("process where process_name == \"cmd.EXE\"", Endgame with { CaseInsensitive = false });
        Assert.Equal(0, code);
        Assert.Contains("DID NOT MATCH.", output);
        Assert.Contains("first failed: process_name \"CMD.exe\" != \"cmd.EXE\"", output);
        // Without the dialect the rule runs as Elasticsearch runs it: == is case-sensitive, so it does not fire.
        (_, output, _) = Explain("process where process_name == \"cmd.EXE\"", dialect: null);
        Assert.Contains("DID NOT FIRE.", output);
    }

    [Fact]
    public void EndgameOnlyConstructsInARuleAreExplained()
    {
        // join by pid: pid 8 has a process (2) and a file (3) event; pid 4 has no file event.
        var (code, output, err) = Explain("join by pid [process where true] [file where true] | count", Endgame);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("MATCHED: 1 result", output);
        // A syntax error in the dialect names the line and column in the rule's query (its text ends with a newline).
        (code, _, err) = Explain("process where 'a' == process_name or", Endgame);
        Assert.Equal(1, code);
        Assert.Contains("rule 9b1f6c1e-2f4d-4a61-9d6e-5f0d2c1a7b10: query: error: 2:1: expected an expression", err);
    }

    [Fact]
    public void DefinitionsFilesGiveTheRulesMacros()
    {
        // IS_CMD folds case: events 1 and 2.
        var definitions = Path.Combine(folder, "macros.eql");
        File.WriteAllText(definitions, "macro IS_CMD(x) x == 'CMD.EXE'\n");
        var (code, output, err) = Explain("process where IS_CMD(process_name)", Endgame with { DefinitionFiles = [definitions] });
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("Query: process where process_name == \"CMD.EXE\"", output);
        Assert.Contains("Events: 3 read (the rule names no index: all of them)", output);
        Assert.Contains("MATCHED: 2 results", output);
    }

    [Fact]
    public void ARuleInAnotherLanguageIsRefused()
    {
        var (code, _, err) = Explain("process.name : \"cmd.exe\"", Endgame, language: "kuery");
        Assert.Equal(1, code);
        Assert.Contains("a dialect applies to EQL rules only", err);
    }
}
