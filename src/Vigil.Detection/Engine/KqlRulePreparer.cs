using Vigil.Detection.Rules;
using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using Vigil.Kql.Compilation;
using Vigil.Kql.Syntax;
using Vigil.Rules;

namespace Vigil.Detection.Engine;

/// <summary>
/// Prepares a KQL (<c>language: kuery</c>) rule of type <c>query</c>: its query parsed, bound against the schema of its
/// index patterns and compiled into the same one-stage event plan an EQL event query compiles to, so it runs through
/// <see cref="EqlRuleMatcher"/>, the streaming hunt and query sets unchanged, one alert per matching event.
/// </summary>
internal static class KqlRulePreparer
{
    public static bool CanRun(string type, string? language) =>
        type == "query" && string.Equals(language, "kuery", StringComparison.Ordinal);

    public static PreparedRule? Prepare(DetectionRule rule, string query, string where, List<string> problems)
    {
        var parse = KqlParser.Parse(query);
        if (parse.Query is not { } node)
        {
            foreach (var d in parse.Diagnostics)
            {
                problems.Add($"{where}rule {rule.RuleId}: query: {DiagnosticFormatter.Format(d, query)}");
            }
            return null;
        }
        if (rule.Definition["filters"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } filters)
        {
            if (KqlFilters.ToNode(filters, out var filterProblem) is { } filterNode)
            {
                node = new KqlAnd(node.Span, [node, filterNode]);
            }
            else
            {
                problems.Add($"{where}rule {rule.RuleId}: filters cannot run: {filterProblem}");
                return null;
            }
        }
        var options = new KqlCompileOptions
        {
            Schema = EqlQueryCheck.SchemaFor(rule.Index),
            TimestampField = rule.TimestampField ?? "@timestamp",
            Now = DateTimeOffset.UtcNow,
        };
        var compiled = KqlCompiler.Compile(node, options);
        if (compiled.Query is not { } plan)
        {
            foreach (var d in compiled.Diagnostics)
            {
                if (d.IsError)
                {
                    problems.Add($"{where}rule {rule.RuleId}: query cannot run: {DiagnosticFormatter.Format(d, query)}");
                }
            }
            return null;
        }
        var requirements = KqlRequiredLiterals.For(node, options.Schema);
        var shared = node;
        return new PreparedRule(rule, new EqlRuleMatcher(plan), new IndexPatternMatcher(rule.Index))
        {
            Prefilter = LinePrefilter.Create(requirements),
            Requirements = requirements,
            CompileShared = slots => KqlCompiler.Compile(shared, options, slots).Query
                ?? throw new EqlCompileException("the KQL query no longer compiles", SourceSpan.None),
        };
    }
}
