using Vigil.Detection.Exceptions;
using Vigil.Rules;

namespace Vigil.Detection.Engine;

/// <summary>
/// Rule files and folders to prepared rules, and exception exports to lists, for every caller (scan, serve, the
/// agent): problems are returned as values, nothing is written to a console.
/// </summary>
public static class RuleSetLoader
{
    /// <summary>Loads and prepares rules from <paramref name="rulePaths"/> and exception exports from <paramref name="exceptionPaths"/>.</summary>
    /// <exception cref="IOException">An exception export cannot be read.</exception>
    public static RuleSet Load(IEnumerable<string> rulePaths, IEnumerable<string>? exceptionPaths = null)
    {
        var set = new RuleSet();
        var cannotRun = new List<string>();
        foreach (var file in RuleLoader.Load(rulePaths))
        {
            foreach (var p in file.FileProblems)
            {
                set.Problems.Add(new RuleSetProblem(p.ToString(), p.IsError));
            }
            foreach (var r in file.Rules)
            {
                foreach (var p in r.Problems)
                {
                    if (p.IsError)
                    {
                        set.Problems.Add(new RuleSetProblem(p.ToString(), true));
                    }
                }
                if (r.Rule is null || r.HasErrors)
                {
                    continue;
                }
                set.Loaded++;
                var before = cannotRun.Count;
                if (RulePreparer.Prepare(r.Rule, cannotRun) is { } rule)
                {
                    set.Prepared.Add(rule);
                }
                else
                {
                    var reason = SkipReason(r.Rule, cannotRun.Count > before);
                    set.SkippedByReason[reason] = set.SkippedByReason.GetValueOrDefault(reason) + 1;
                }
            }
        }
        // Reasons a loaded rule cannot run are not errors of the rule files: they come after the files' problems.
        foreach (var p in cannotRun)
        {
            set.Problems.Add(new RuleSetProblem(p, false));
        }
        foreach (var path in exceptionPaths ?? [])
        {
            ExceptionListLoader.LoadNdjson(File.ReadAllText(path), path, set.Exceptions, set.ExceptionErrors);
        }
        return set;
    }

    // Why a loaded rule does not run, in the words a summary counts it by.
    private static string SkipReason(Rule rule, bool reported)
    {
        switch (rule.Type)
        {
            case "eql":
                return "error";
            case "esql":
                return "ES|QL";
            case "machine_learning":
                return "machine learning";
            case "query" or "saved_query" or "threshold" or "threat_match" or "new_terms" when rule.Language is "kuery" or null:
                return "KQL";
            case "query" or "saved_query" or "threshold" or "threat_match" or "new_terms" when rule.Language == "lucene":
                return "Lucene";
            default:
                return reported ? rule.Type : "error";
        }
    }
}
