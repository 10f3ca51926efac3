namespace Vigil.Rules.Tests;

public sealed class KibanaImportTests
{
    // A hand-written export in the shape Kibana's "Export rules" writes: a rule with Kibana's bookkeeping keys, an
    // exception list and its item, then the summary line.
    private const string Export = """
        {"id":"6b1f6e1c-0c1d-4c59-9c1e-0e5b3f3b8e11","updated_at":"2026-11-01T10:00:00.000Z","updated_by":"elastic","created_at":"2026-10-01T10:00:00.000Z","created_by":"elastic","name":"Cat to the Internet","tags":["OS: Linux"],"interval":"10m","enabled":false,"revision":3,"description":"cat talks to the network","risk_score":73,"severity":"high","license":"","output_index":"","meta":{"from":"1m","kibana_siem_app_url":"https://kibana.example/app/security"},"author":[],"false_positives":[],"from":"now-11m","rule_id":"5d7a6a8e-2a1b-4f7c-9f3e-8c1d2b3a4f50","max_signals":50,"risk_score_mapping":[],"severity_mapping":[{"field":"host.os.type","operator":"equals","value":"linux","severity":"critical"}],"threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0011","name":"Command and Control","reference":"https://attack.mitre.org/tactics/TA0011/"},"technique":[]}],"to":"now","references":[],"version":2,"exceptions_list":[{"id":"a1","list_id":"cat-exceptions","namespace_type":"single","type":"detection"}],"immutable":false,"related_integrations":[{"package":"endpoint","version":"^9.0.0"}],"required_fields":[{"name":"process.name","type":"keyword","ecs":true}],"setup":"","type":"eql","language":"eql","index":["logs-endpoint.events.*"],"query":"process where process.name == \"cat\"","filters":[],"actions":[],"note":"Look at !{osquery{\"label\":\"x\",\"query\":\"SELECT 1\"}}"}
        {"_version":"WzEsMV0=","created_at":"2026-10-01T10:00:00.000Z","description":"Exceptions","id":"a1","list_id":"cat-exceptions","name":"Cat exceptions","namespace_type":"single","type":"detection","version":1}
        {"_version":"WzIsMV0=","entries":[{"field":"user.name","operator":"included","type":"match","value":"backup"}],"item_id":"i1","list_id":"cat-exceptions","name":"backup user","namespace_type":"single","type":"simple"}
        {"exported_count":3,"exported_rules_count":1,"missing_rules":[],"missing_rules_count":0,"exported_exception_list_count":1,"exported_exception_list_item_count":1,"missing_exception_list_item_count":0,"missing_exception_list_items":[],"missing_exception_lists":[],"missing_exception_lists_count":0,"exported_action_connector_count":0,"missing_action_connection_count":0,"missing_action_connections":[],"excluded_action_connection_count":0,"excluded_action_connections":[]}
        """;

    [Fact]
    public void ReadsRulesAndSkipsExceptionListsAndSummary()
    {
        var file = KibanaNdjsonReader.Read(Export, "export.ndjson");
        Assert.Empty(file.FileProblems);
        Assert.NotNull(file.ExportSummary);
        var loaded = Assert.Single(file.Rules);
        Assert.Empty(loaded.Problems);
        var rule = loaded.Rule!;
        Assert.Equal("5d7a6a8e-2a1b-4f7c-9f3e-8c1d2b3a4f50", rule.RuleId);
        Assert.Equal("6b1f6e1c-0c1d-4c59-9c1e-0e5b3f3b8e11", rule.Id);
        Assert.Equal("10m", rule.Interval);
        Assert.Equal("now-11m", rule.From);
        Assert.False(rule.Enabled);
        Assert.Equal(50, rule.MaxSignals);
        Assert.Equal(2, rule.Version);
        Assert.Equal(73, rule.RiskScore);
        Assert.Equal("critical", rule.SeverityMapping[0].Severity);
        Assert.Equal("cat-exceptions", rule.ExceptionsList[0].ListId);
        Assert.Equal("TA0011", rule.Threat[0].Tactic.Id);
        Assert.Empty(rule.Threat[0].Techniques);
        Assert.Equal("endpoint", rule.RelatedIntegrations[0].Package);
        Assert.True(rule.RequiredFields[0].Ecs);
        Assert.Equal(1, loaded.Source.Line);
        // The note is kept as Kibana shows it (already rendered).
        Assert.StartsWith("Look at !{osquery{", rule.RenderedNote, StringComparison.Ordinal);
        Assert.True(rule.Transforms.IsEmpty);
    }

    [Fact]
    public void WritesKibanaBookkeepingKeysBack()
    {
        var rule = KibanaNdjsonReader.Read(Export, "export.ndjson").Rules[0].Rule!;
        var json = KibanaRuleJson.ToJson(rule);
        Assert.Equal(3, json["revision"]!.GetValue<int>());
        Assert.Equal("elastic", json["created_by"]!.GetValue<string>());
        Assert.Equal("https://kibana.example/app/security", json["meta"]!["kibana_siem_app_url"]!.GetValue<string>());
        Assert.Equal("now", json["to"]!.GetValue<string>());
    }

    [Fact]
    public void BadLinesAreReportedAndTheRestStillLoads()
    {
        var text = "{\"rule_id\":\"a\",\"name\":\"A\",\"description\":\"d\",\"type\":\"query\",\"language\":\"kuery\",\"query\":\"x\",\"severity\":\"low\",\"risk_score\":5}\n"
                   + "{\"rule_id\": oops}\n"
                   + "[1,2]\n"
                   + "{\"rule_id\":\"b\",\"name\":\"B\",\"type\":\"query\",\"severity\":\"low\",\"risk_score\":\"5\"}\n";
        var file = KibanaNdjsonReader.Read(text, "mixed.ndjson");
        Assert.Equal(2, file.Rules.Count);
        Assert.Equal(2, file.FileProblems.Count);
        Assert.Equal(2, file.FileProblems[0].Line);
        Assert.Equal(13, file.FileProblems[0].Column);
        Assert.Equal(3, file.FileProblems[1].Line);
        var second = file.Rules[1];
        Assert.Equal(4, second.Source.Line);
        Assert.Contains(second.Problems, p => p.Key == "rule.risk_score" && p.Line == 4 && p.Message == "must be a whole number, found the string \"5\"");
        Assert.Contains(second.Problems, p => p.Key == "rule.description" && p.Message == "required key `description` is missing from [rule]");
    }

    [Fact]
    public void A_string_with_half_a_surrogate_pair_is_reported_on_its_line_and_the_rest_loads()
    {
        // A fuzz find: System.Text.Json threw InvalidOperationException when the rule's name was read back.
        var good = "{\"rule_id\":\"a\",\"name\":\"A\",\"description\":\"d\",\"type\":\"query\",\"language\":\"kuery\",\"query\":\"x\",\"severity\":\"low\",\"risk_score\":5}\n";
        var text = good + "{\"rule_id\":\"b\",\"name\":\"B\\udefe\"}\n" + good.Replace("\"a\"", "\"c\"", StringComparison.Ordinal);
        var file = KibanaNdjsonReader.Read(text, "surrogate.ndjson");
        Assert.Equal(["a", "c"], file.Rules.Select(r => r.Rule!.RuleId));
        var problem = Assert.Single(file.FileProblems);
        Assert.Equal((2, 23), (problem.Line, problem.Column));
        Assert.Contains("half of a surrogate pair", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsApplyToKeysAnExportLeavesOut()
    {
        var text = "{\"rule_id\":\"a\",\"name\":\"A\",\"description\":\"d\",\"type\":\"eql\",\"language\":\"eql\",\"query\":\"any where true\",\"severity\":\"low\",\"risk_score\":5}\n";
        var rule = KibanaNdjsonReader.Read(text, "min.ndjson").Rules[0].Rule!;
        Assert.Equal(("now-6m", "now", "5m", 100, 1, true), (rule.From, rule.To, rule.Interval, rule.MaxSignals, rule.Version, rule.Enabled));
    }
}
