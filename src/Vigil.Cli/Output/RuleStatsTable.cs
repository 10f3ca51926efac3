using Vigil.Detection.Engine;

namespace Vigil.Cli.Output;

/// <summary>
/// <c>--stats</c>: per-rule counts, costliest first, with the rule's name; the top 20 unless <c>--stats=all</c> or
/// <c>--stats=N</c>. Hundreds of unsorted rule_id rows hide the one rule that made a scan slow.
/// </summary>
public static class RuleStatsTable
{
    public const int DefaultTop = 20;

    /// <summary>How many rows <c>--stats[=VALUE]</c> asks for: top (20), all (0, meaning every rule) or a number; null if unreadable.</summary>
    public static int? ParseTop(string? value) => value switch
    {
        null or "" or "top" => DefaultTop,
        "all" => 0,
        _ when int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 => n,
        _ => null,
    };

    public static void Write(TextWriter stderr, IReadOnlyList<RuleRunStats> stats, int top)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(stats);
        var sorted = stats.OrderByDescending(s => s.Elapsed).ThenBy(s => s.RuleName, StringComparer.Ordinal).ToList();
        var shown = top > 0 ? sorted.Take(top).ToList() : sorted;
        stderr.WriteLine("ms\tevents\texcepted\texecutions\tmatches\talerts\tduplicates\tsuppressed\tover_max_signals\trule_id\trule");
        foreach (var s in shown)
        {
            stderr.WriteLine(string.Join('\t', (long)s.Elapsed.TotalMilliseconds, s.EventsInIndex, s.EventsExcepted, s.Executions, s.Matches,
                s.AlertsCreated, s.DuplicatesDropped, s.Suppressed, s.TruncatedByMaxSignals, CellText.Clean(s.RuleId), CellText.Clean(s.RuleName)));
        }
        if (shown.Count < sorted.Count)
        {
            stderr.WriteLine($"({sorted.Count - shown.Count} more rules, {(long)sorted.Skip(shown.Count).Sum(s => s.Elapsed.TotalMilliseconds)} ms together; --stats=all lists every rule)");
        }
    }
}
