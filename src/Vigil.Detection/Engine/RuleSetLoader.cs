using Vigil.Detection.Exceptions;
using Vigil.Rules;

namespace Vigil.Detection.Engine;

/// <summary>
/// Rule files and folders to prepared rules, and exception exports to lists, for every caller (scan, serve, the
/// agent): problems are returned as values, nothing is written to a console; a caller that logs (serve) gets one line
/// per rule, loaded or skipped with the reason.
/// </summary>
public static class RuleSetLoader
{
    /// <summary>Loads and prepares rules from <paramref name="rulePaths"/> and exception exports from <paramref name="exceptionPaths"/>.</summary>
    /// <param name="log">Called with one line per rule ("rule loaded: ..." / "rule skipped: ...") and per file problem.</param>
    /// <param name="skipDisabled">Leave out rules whose <c>enabled</c> is false, as Kibana's scheduler does (a hunt runs them).</param>
    public static RuleSet Load(IEnumerable<string> rulePaths, IEnumerable<string>? exceptionPaths = null, Action<string>? log = null,
        bool skipDisabled = false)
    {
        var set = new RuleSet();
        var cannotRun = set.CannotRun;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = RuleLoader.Load(rulePaths);
        var prepared = PrepareAll(files);
        int next = 0;
        foreach (var file in files)
        {
            foreach (var p in file.FileProblems)
            {
                set.Problems.Add(new RuleSetProblem(p.ToString(), p.IsError));
                log?.Invoke($"rules: {p}");
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
                var where = $"{r.Source.Path}:{r.Source.Line}";
                var outcome = prepared[next++];
                if (r.Rule is null || r.HasErrors)
                {
                    Count(set, "with errors");
                    if (log is not null)
                    {
                        var reason = string.Join("; ", r.Problems.Where(p => p.IsError).Select(p => p.Message));
                        var label = r.Rule is { } named ? $"{named.RuleId} ({named.Name}) at {where}" : where;
                        log($"rule skipped: {label}: {(reason.Length > 0 ? reason : "no rule found")}");
                    }
                    continue;
                }
                set.Loaded++;
                var before = cannotRun.Count;
                cannotRun.AddRange(outcome.Problems);
                if (outcome.Rule is not { } rule)
                {
                    Count(set, SkipReason(r.Rule, cannotRun.Count > before));
                    log?.Invoke($"rule skipped: {r.Rule.RuleId} ({r.Rule.Name}): {string.Join("; ", cannotRun.Skip(before))}");
                    continue;
                }
                if (!seen.Add(rule.Rule.Uuid))
                {
                    // Kibana holds one rule per id; a second copy (a folder given twice, a rule copied) would double its alerts.
                    var duplicate = $"{where}: rule {rule.Rule.RuleId} is loaded twice; the first one runs";
                    set.Problems.Add(new RuleSetProblem(duplicate, false));
                    Count(set, "loaded twice");
                    log?.Invoke($"rule skipped: {duplicate}");
                    continue;
                }
                if (skipDisabled && rule.Rule.Definition["enabled"]?.GetValueKind() == System.Text.Json.JsonValueKind.False)
                {
                    Count(set, "disabled");
                    log?.Invoke($"rule skipped: {rule.Rule.RuleId} ({rule.Rule.Name}): enabled is false");
                    continue;
                }
                set.Prepared.Add(rule);
                set.Sources.TryAdd(r.Rule.RuleId, r.Rule);
                log?.Invoke($"rule loaded: {rule.Rule.RuleId} ({rule.Rule.Name}) every {rule.Rule.IntervalText} over [{rule.Rule.From}, {rule.Rule.To}], max_signals {rule.Rule.MaxSignals}");
            }
        }
        foreach (var path in exceptionPaths ?? [])
        {
            try
            {
                ExceptionListLoader.LoadNdjson(File.ReadAllText(path), path, set.Exceptions, set.ExceptionErrors);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                set.ExceptionErrors.Add($"{path}: cannot be read ({(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.GetType() == typeof(UnauthorizedAccessException) ? "permission denied" : "read error")})");
            }
        }
        foreach (var e in set.ExceptionErrors)
        {
            log?.Invoke($"exceptions: {e}");
        }
        return set;
    }

    private readonly record struct Preparation(PreparedRule? Rule, List<string> Problems);

    // Parsing and compiling every rule is most of a large rule set's start-up, and each rule's outcome depends on that
    // rule alone, so it runs on every core; the caller then walks the outcomes in file order, so the set, its problem
    // list and the log do not depend on the number of cores.
    private static Preparation[] PrepareAll(IReadOnlyList<RuleFileResult> files)
    {
        var rules = files.SelectMany(f => f.Rules).ToArray();
        var outcomes = new Preparation[rules.Length];
        try
        {
            Parallel.For(0, rules.Length, i =>
            {
                var r = rules[i];
                var problems = new List<string>();
                var rule = r.Rule is null || r.HasErrors ? null : RulePreparer.Prepare(r.Rule, problems);
                outcomes[i] = new Preparation(rule, problems);
            });
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
        {
            // A fault of the preparer surfaces as it did when rules were prepared one after another.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
        }
        return outcomes;
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
            ("threshold" or "new_terms" or "threat_match", _) => rule.Type + " that cannot run",
            _ => reported ? rule.Type : "error",
        };
    }
}
