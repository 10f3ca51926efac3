using Vigil.Detection.Engine;
using Vigil.Detection.Exceptions;
using Vigil.Rules;

namespace Vigil.Server.Scheduling;

/// <summary>
/// Loads the service's rules and exceptions with the same calls <c>vigil scan</c> makes (RuleLoader, RulePreparer,
/// ExceptionListLoader), logging one line per rule: loaded, or skipped with the reason.
/// </summary>
public static class RuleSetLoader
{
    public static LoadedRuleSet Load(IReadOnlyList<string> rulePaths, IReadOnlyList<string> exceptionPaths, Action<string> log)
    {
        var prepared = new List<PreparedRule>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in RuleLoader.Load(rulePaths))
        {
            foreach (var p in file.FileProblems)
            {
                problems.Add(p.ToString());
                log($"rules: {p}");
            }
            foreach (var r in file.Rules)
            {
                var where = $"{r.Source.Path}:{r.Source.Line}";
                if (r.Rule is null || r.HasErrors)
                {
                    var reason = string.Join("; ", r.Problems.Where(p => p.IsError).Select(p => p.Message));
                    var label = r.Rule is { } named ? $"{named.RuleId} ({named.Name}) at {where}" : where;
                    problems.Add($"{label}: {reason}");
                    log($"rule skipped: {label}: {(reason.Length > 0 ? reason : "no rule found")}");
                    continue;
                }
                var why = new List<string>();
                if (RulePreparer.Prepare(r.Rule, why) is not { } rule)
                {
                    problems.AddRange(why);
                    log($"rule skipped: {r.Rule.RuleId} ({r.Rule.Name}): {string.Join("; ", why)}");
                    continue;
                }
                if (!seen.Add(rule.Rule.Uuid))
                {
                    var duplicate = $"{where}: rule {rule.Rule.RuleId} is loaded twice; the first one runs";
                    problems.Add(duplicate);
                    log($"rule skipped: {duplicate}");
                    continue;
                }
                if (rule.Rule.Definition["enabled"]?.GetValueKind() == System.Text.Json.JsonValueKind.False)
                {
                    log($"rule skipped: {rule.Rule.RuleId} ({rule.Rule.Name}): enabled is false");
                    continue;
                }
                prepared.Add(rule);
                log($"rule loaded: {rule.Rule.RuleId} ({rule.Rule.Name}) every {rule.Rule.IntervalText} over [{rule.Rule.From}, {rule.Rule.To}], max_signals {rule.Rule.MaxSignals}");
            }
        }

        var lists = new ExceptionListSet();
        var exceptionErrors = new List<string>();
        foreach (var path in exceptionPaths)
        {
            try
            {
                ExceptionListLoader.LoadNdjson(File.ReadAllText(path), path, lists, exceptionErrors);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                exceptionErrors.Add($"{path}: {e.Message}");
            }
        }
        foreach (var e in exceptionErrors)
        {
            problems.Add(e);
            log($"exceptions: {e}");
        }
        log($"{prepared.Count} rule(s) scheduled, {lists.Items.Count} shared exception item(s)");
        return new LoadedRuleSet(prepared, lists, problems);
    }
}
