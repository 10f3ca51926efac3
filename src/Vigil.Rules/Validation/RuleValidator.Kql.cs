namespace Vigil.Rules;

public sealed partial class RuleValidator
{
    /// <summary>A KQL query, parsed and bound; its diagnostics placed in the rule file as EQL's are.</summary>
    private static bool CheckKql(Rule rule, List<RuleProblem> problems)
    {
        if (rule.Query is null)
        {
            return false;
        }
        var s = rule.Source;
        var baseLine = s.KeyLines.TryGetValue("rule.query#value", out var vl) ? vl : s.LineOf("rule.query");
        var baseColumn = s.KeyLines.TryGetValue("rule.query#column", out var vc) ? vc : 0;
        foreach (var d in KqlQueryCheck.Check(rule.Query, rule.Index?.AsImmutableArray()))
        {
            var ndjson = s.Format == RuleSourceFormat.KibanaNdjson;
            var line = ndjson ? s.Line : baseLine + d.Line - 1;
            var column = ndjson ? 0 : d.Line == 1 ? baseColumn + d.Column : d.Column;
            problems.Add(new RuleProblem(d.IsError ? RuleProblemSeverity.Error : RuleProblemSeverity.Warning,
                s.Path, line, column, "rule.query", d.Message + (ndjson ? $" (query {d.Line}:{d.Column})" : "")));
        }
        CheckFilters(rule, problems);
        return true;
    }

    // Kibana's filter-bar entries must be ones Vigil can run (it ands them with the query, as Kibana does).
    private static void CheckFilters(Rule rule, List<RuleProblem> problems)
    {
        if (rule.Filters?.ToNode() is not System.Text.Json.Nodes.JsonArray { Count: > 0 } filters)
        {
            return;
        }
        if (Vigil.Kql.Syntax.KqlFilters.ToNode(filters, out var problem) is not { } node)
        {
            problems.Add(RuleProblem.Error(rule.Source, "rule.filters", $"cannot be run: {problem}"));
            return;
        }
        var compiled = Vigil.Kql.Compilation.KqlCompiler.Compile(node,
            new Vigil.Kql.Compilation.KqlCompileOptions { Schema = EqlQueryCheck.SchemaFor(rule.Index?.AsImmutableArray()) });
        foreach (var d in compiled.Diagnostics)
        {
            problems.Add(d.IsError ? RuleProblem.Error(rule.Source, "rule.filters", d.Message) : RuleProblem.Warning(rule.Source, "rule.filters", d.Message));
        }
    }
}
