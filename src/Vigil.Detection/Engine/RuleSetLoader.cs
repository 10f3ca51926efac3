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
        var cannotRun = set.CannotRun;
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
                    Count(set, "with errors");
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
                    Count(set, SkipReason(r.Rule, cannotRun.Count > before));
                }
            }
        }
        foreach (var path in exceptionPaths ?? [])
        {
            ExceptionListLoader.LoadNdjson(File.ReadAllText(path), path, set.Exceptions, set.ExceptionErrors);
        }
        return set;
    }

    private static void Count(RuleSet set, string reason) => set.SkippedByReason[reason] = set.SkippedByReason.GetValueOrDefault(reason) + 1;

    // Why a loaded rule does not run, in the words a summary counts it by (the words its authors use for its kind).
    private static string SkipReason(Rule rule, bool reported)
    {
        if (rule.Type == "machine_learning")
        {
            return "machine learning";
        }
        return (rule.Type, rule.Language) switch
        {
            ("eql", _) => "EQL that cannot run",
            ("esql", _) or (_, "esql") => "ES|QL",
            (_, "lucene") => "Lucene",
            ("query" or "saved_query", _) => "KQL that cannot run",
            _ => reported ? rule.Type : "error",
        };
    }
}
