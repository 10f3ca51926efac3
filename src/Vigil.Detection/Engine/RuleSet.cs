using Vigil.Detection.Exceptions;

namespace Vigil.Detection.Engine;

/// <summary>
/// Rules ready to run, with what loading them found: the problems in the order they were found (as values, for the
/// caller to print or serve), how many rules loaded, and the skipped ones counted by reason.
/// </summary>
public sealed class RuleSet
{
    public List<PreparedRule> Prepared { get; } = [];

    /// <summary>Each rule that runs, by rule_id, as it was read (its guide and localised notes for the alert pages).</summary>
    public Dictionary<string, Vigil.Rules.Rule> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Rule and file problems (errors and warnings), in the order they were found.</summary>
    public List<RuleSetProblem> Problems { get; } = [];

    /// <summary>Why each skipped rule cannot run, one line a rule (a caller shows them on request: a corpus has hundreds).</summary>
    public List<string> CannotRun { get; } = [];

    /// <summary>Rules read without errors (those that could run and those skipped).</summary>
    public int Loaded { get; set; }

    /// <summary>
    /// Rules that will not run, by reason: "with errors" (not loaded), "ES|QL", "machine learning", "Lucene", a Kibana
    /// rule type not run yet ("new_terms", ...), or "EQL that cannot run" / "KQL that cannot run".
    /// </summary>
    public Dictionary<string, int> SkippedByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Loaded rules that cannot run (rules with errors are not loaded, so not counted here).</summary>
    public int Skipped => Loaded - Prepared.Count;

    /// <summary>Whether any problem is an error (the scan's exit code says so).</summary>
    public bool HadErrors => Problems.Any(static p => p.IsError);

    /// <summary>The exception lists loaded (shared by every rule, and resolving rules' exceptions_list).</summary>
    public ExceptionListSet Exceptions { get; } = new();

    /// <summary>Exception list problems, each a line to report as an error.</summary>
    public List<string> ExceptionErrors { get; } = [];
}
