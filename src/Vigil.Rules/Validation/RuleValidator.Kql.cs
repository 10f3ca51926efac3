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
        return true;
    }
}
