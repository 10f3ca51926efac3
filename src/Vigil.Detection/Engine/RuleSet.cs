using Vigil.Detection.Exceptions;

namespace Vigil.Detection.Engine;

/// <summary>
/// Rules ready to run, with what loading them found: the problems in the order they were found (as values, for the
/// caller to print or serve), how many rules loaded, and the skipped ones counted by reason.
/// </summary>
public sealed class RuleSet
{
    public List<PreparedRule> Prepared { get; } = [];

    /// <summary>Rule and file problems (errors and warnings), then the reasons rules could not run.</summary>
    public List<RuleSetProblem> Problems { get; } = [];

    /// <summary>Rules read without errors (those that could run and those skipped).</summary>
    public int Loaded { get; set; }

    /// <summary>Loaded rules that cannot run, by reason: "KQL", "ES|QL", "machine learning", other rule types, "error".</summary>
    public Dictionary<string, int> SkippedByReason { get; } = new(StringComparer.Ordinal);

    public int Skipped => Loaded - Prepared.Count;

    /// <summary>Whether any problem is an error (the scan's exit code says so).</summary>
    public bool HadErrors => Problems.Any(static p => p.IsError);

    /// <summary>The exception lists loaded (shared by every rule, and resolving rules' exceptions_list).</summary>
    public ExceptionListSet Exceptions { get; } = new();

    /// <summary>Exception list problems, each a line to report as an error.</summary>
    public List<string> ExceptionErrors { get; } = [];
}
