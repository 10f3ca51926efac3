namespace Vigil.Rules;

/// <summary>
/// A problem with a rule file, with its place: the file, the line (and column when known) and the key
/// (<c>rule.severity</c>), in plain words.
/// </summary>
public sealed record RuleProblem(RuleProblemSeverity Severity, string File, int Line, int Column, string? Key, string Message)
{
    public bool IsError => Severity == RuleProblemSeverity.Error;

    /// <summary><c>path:12:5: error: rule.severity: message</c> (column and key left out when unknown).</summary>
    public override string ToString()
    {
        var place = Column > 0 ? $"{File}:{Line}:{Column}" : Line > 0 ? $"{File}:{Line}" : File;
        var key = Key is null ? "" : Key + ": ";
        return $"{place}: {(IsError ? "error" : "warning")}: {key}{Message}";
    }

    /// <summary>The message with its key and line, without the file (for tables that show the file apart).</summary>
    public string ToShortString()
    {
        var line = Line > 0 ? Column > 0 ? $"line {Line}:{Column}: " : $"line {Line}: " : "";
        var key = Key is null ? "" : Key + ": ";
        return $"{line}{key}{Message}";
    }

    public static RuleProblem Error(RuleSource source, string key, string message) =>
        new(RuleProblemSeverity.Error, source.Path, source.LineOf(key), 0, key, message);

    public static RuleProblem Warning(RuleSource source, string key, string message) =>
        new(RuleProblemSeverity.Warning, source.Path, source.LineOf(key), 0, key, message);
}
