namespace Vigil.Cli.Output;

/// <summary>
/// The closing line under the alerts: "9 alerts: 3 medium sequences (6 building blocks); by rule: Network Activity
/// Detected via cat 3". Building blocks are counted apart: they are the sequences' evidence, not more detections.
/// </summary>
public static class AlertSummary
{
    public static string Line(IReadOnlyList<AlertRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return "0 alerts";
        }
        var detections = rows.Where(r => !r.IsBuildingBlock).ToList();
        var blocks = rows.Count - detections.Count;
        var kinds = detections
            .GroupBy(r => (r.Severity, Sequence: r.Kind == "sequence"))
            .OrderByDescending(g => Severity.Rank(g.Key.Severity)).ThenBy(g => g.Key.Sequence)
            .Select(g => $"{g.Count()} {(g.Key.Severity.Length > 0 ? g.Key.Severity + " " : "")}{Plural(g.Count(), g.Key.Sequence ? "sequence" : "event alert")}");
        var line = $"{rows.Count} {Plural(rows.Count, "alert")}: {string.Join(", ", kinds)}";
        if (blocks > 0)
        {
            line += $" ({blocks} {Plural(blocks, "building block")})";
        }
        var byRule = detections.GroupBy(r => r.Rule).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        return line + "; by rule: " + string.Join(", ", byRule);
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
