using System.Text.Json.Nodes;
using Vigil.Detection.Rules;
using Vigil.Eql.Compilation;
using Vigil.Eql.Semantics;
using Vigil.Events.Prefilter;
using Vigil.Eql.Syntax;
using Vigil.Rules;

namespace Vigil.Detection.Engine;

/// <summary>
/// Turns a loaded rule into a <see cref="PreparedRule"/>: its Kibana JSON (Vigil's own <c>meta.vigil</c> left out, so
/// alerts carry what Kibana would write for the rule), then its EQL query parsed and compiled once with the rule's
/// timestamp, tiebreaker and event category fields. EQL, KQL query, threshold, new_terms and threat_match rules
/// can run; others are reported.
/// </summary>
public static class RulePreparer
{
    public static PreparedRule? Prepare(Rule rule, List<string> problems)
    {
        var where = rule.Source.Path.Length > 0 ? $"{rule.Source.Path}:{rule.Source.Line}: " : "";
        if (!string.Equals(rule.Type, "eql", StringComparison.Ordinal) && !KqlRulePreparer.CanRun(rule.Type, rule.Language) &&
            !RuleTypes.RuleTypePreparer.CanRun(rule.Type, rule.Language))
        {
            problems.Add($"{where}rule {rule.RuleId} ({rule.Name}) is a {rule.Type} rule{RuleTypes.RuleTypePreparer.WhyNot(rule.Type, rule.Language)}");
            return null;
        }
        var json = KibanaRuleJson.ToJson(rule);
        if (json["meta"] is JsonObject meta)
        {
            meta.Remove(KibanaRuleJson.VigilMetaKey);
            if (meta.Count == 0)
            {
                json.Remove("meta");
            }
        }
        return Prepare(json, where, problems);
    }

    /// <summary>Prepares a rule given as Kibana rule JSON (an export line).</summary>
    public static PreparedRule? Prepare(JsonObject kibanaRule, string where, List<string> problems)
    {
        var ruleProblems = new List<string>();
        var detectionRule = DetectionRule.FromKibanaJson(kibanaRule, ruleProblems);
        if (detectionRule is null)
        {
            foreach (var p in ruleProblems) problems.Add(where + p);
            return null;
        }
        if (detectionRule.Query is not { } query)
        {
            problems.Add($"{where}rule {detectionRule.RuleId} has no query");
            return null;
        }
        if (RuleTypes.RuleTypePreparer.CanRun(detectionRule.Type, detectionRule.Language))
        {
            return RuleTypes.RuleTypePreparer.Prepare(detectionRule, query, where, problems);
        }
        if (KqlRulePreparer.CanRun(detectionRule.Type, detectionRule.Language))
        {
            return KqlRulePreparer.Prepare(detectionRule, query, where, problems);
        }
        var parse = EqlParser.Parse(query);
        if (!parse.Success || parse.Statement is null)
        {
            foreach (var line in DiagnosticFormatter.FormatAll(parse.Diagnostics, query))
            {
                problems.Add($"{where}rule {detectionRule.RuleId}: query: {line}");
            }
            return null;
        }
        var definition = detectionRule.Definition;
        var options = new CompileOptions
        {
            TimestampField = detectionRule.TimestampField ?? "@timestamp",
            TiebreakerField = Text(definition, "tiebreaker_field"),
            EventCategoryField = Text(definition, "event_category_override") ?? "event.category",
        };
        CompiledQuery compiled;
        try
        {
            compiled = EqlCompiler.Compile(parse.Statement, options);
        }
        catch (EqlCompileException e)
        {
            problems.Add($"{where}rule {detectionRule.RuleId}: query cannot run: {e.Message}");
            return null;
        }
        var requirements = RequiredLiterals.ForStatement(parse.Statement,
            new RequiredLiteralOptions { IsVerbatimStringField = Schema.Default.IsVerbatimString });
        return new PreparedRule(detectionRule, new EqlRuleMatcher(compiled), new IndexPatternMatcher(detectionRule.Index))
        {
            Prefilter = LinePrefilter.Create(requirements),
            Statement = parse.Statement,
            CompileOptions = options,
            Requirements = requirements,
        };
    }

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
