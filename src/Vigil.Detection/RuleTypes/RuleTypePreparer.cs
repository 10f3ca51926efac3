using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Rules;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Rules;
using Vigil.Kql.Compilation;
using Vigil.Kql.Syntax;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Prepares the rule types built on a KQL query (threshold, new_terms, threat_match): the query compiled as a KQL
/// query rule's is, then wrapped in the type's matcher with its settings read and checked.
/// </summary>
public static class RuleTypePreparer
{
    public static bool CanRun(string type, string? language) =>
        type is "threshold" or "new_terms" or "threat_match" && (language is null or "kuery");

    /// <summary>Why a rule of this type and language is skipped, after "is a TYPE rule".</summary>
    public static string WhyNot(string type, string? language) => (type, language) switch
    {
        ("machine_learning", _) => "; it needs an Elastic machine learning job's anomaly results, which vigil does not have",
        ("esql", _) or (_, "esql") => "; ES|QL needs Elasticsearch's ES|QL engine, which vigil does not emulate",
        (_, "lucene") => " in Lucene syntax; vigil runs KQL (kuery) queries only",
        _ => "; vigil scan runs EQL, KQL query, threshold, new_terms and threat_match rules only",
    };

    internal static PreparedRule? Prepare(DetectionRule rule, string query, string where, List<string> problems)
    {
        string? problem = null;
        Func<EqlRuleMatcher, IAggregatingRuleMatcher?> wrap = rule.Type switch
        {
            "threshold" => q => ThresholdSettings.From(rule.Definition, out problem) is { } t ? new ThresholdRuleMatcher(q, rule, t) : null,
            "new_terms" => q => NewTermsSettings.From(rule.Definition, out problem) is { } n ? new NewTermsRuleMatcher(q, rule, n) : null,
            _ => q => ThreatMatcher(rule, q, where, problems, out problem),
        };
        var queryRule = KqlRulePreparer.Prepare(rule, query, where, problems);
        if (queryRule?.Matcher is not EqlRuleMatcher eql)
        {
            return null;
        }
        if (wrap(eql) is not { } matcher)
        {
            if (problem is not null)
            {
                problems.Add($"{where}rule {rule.RuleId}: {problem}");
            }
            return null;
        }
        // The query's prefilter, requirements and shared compile: the streaming hunt runs it like a KQL query rule's.
        return new PreparedRule(rule, matcher, queryRule.Indices)
        {
            Prefilter = queryRule.Prefilter,
            Requirements = queryRule.Requirements,
            CompileShared = queryRule.CompileShared,
        };
    }

    private static ThreatMatchRuleMatcher? ThreatMatcher(DetectionRule rule, EqlRuleMatcher query, string where, List<string> problems, out string? problem)
    {
        if (ThreatMapping.From(rule.Definition, out problem) is not { } mapping)
        {
            return null;
        }
        EqlRuleMatcher? threatQuery = null;
        KqlNode? threatNode = null;
        var text = Text(rule.Definition, "threat_query") ?? "";
        if (text.Trim() is not ("*:*" or "*" or ""))
        {
            if (Text(rule.Definition, "threat_language") is { } language && language != "kuery")
            {
                problem = $"threat_query is {language}; vigil runs KQL (kuery) threat queries only";
                return null;
            }
            var parse = KqlParser.Parse(text);
            if (parse.Query is not { } node)
            {
                problem = "threat_query: " + string.Join("; ", parse.Diagnostics.Select(d => DiagnosticFormatter.Format(d, text)));
                return null;
            }
            threatNode = node;
        }
        // threat_filters: filter bar entries on the indicator search, ANDed with threat_query as Kibana's getFilter
        // ANDs a rule's filters with its query.
        if (rule.Definition["threat_filters"] is JsonArray { Count: > 0 } filters)
        {
            if (KqlFilters.ToNode(filters, out var filterProblem) is not { } filterNode)
            {
                problem = $"threat_filters cannot run: {filterProblem}";
                return null;
            }
            threatNode = threatNode is null ? filterNode : new KqlAnd(threatNode.Span, [threatNode, filterNode]);
        }
        if (threatNode is not null)
        {
            var threatIndex = rule.Definition["threat_index"] is JsonArray ti ? ti.Select(v => v?.ToString() ?? "").ToList() : [];
            var compiled = KqlCompiler.Compile(threatNode, new KqlCompileOptions
            {
                Schema = EqlQueryCheck.SchemaFor(threatIndex),
                TimestampField = "@timestamp",
                Now = DateTimeOffset.UtcNow,
            });
            if (compiled.Query is not { } plan)
            {
                problem = "threat_query cannot run: " + string.Join("; ", compiled.Diagnostics.Where(d => d.IsError).Select(d => DiagnosticFormatter.Format(d, text)));
                return null;
            }
            threatQuery = new EqlRuleMatcher(plan);
        }
        var path = Text(rule.Definition, "threat_indicator_path") ?? "threat.indicator";
        return new ThreatMatchRuleMatcher(query, rule, mapping, threatQuery, path);
    }

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
