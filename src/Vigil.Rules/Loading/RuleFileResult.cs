namespace Vigil.Rules;

/// <summary>
/// What reading one file produced: a result per rule found in it (one for a TOML file, one per rule line of a Kibana
/// export), problems that belong to no rule (unreadable file, bad JSON line), and the export summary line if any.
/// </summary>
public sealed record RuleFileResult(
    string Path,
    RuleSourceFormat Format,
    IReadOnlyList<RuleLoadResult> Rules,
    IReadOnlyList<RuleProblem> FileProblems,
    RawJson? ExportSummary = null);
