using Vigil.Detection.Engine;

namespace Vigil.Cli.Scanning;

/// <summary>
/// The scan's start-up line, "1 rule loaded; 0 skipped", with skipped rules counted by reason ("986 skipped: 674 KQL,
/// 206 ES|QL, 106 machine learning") instead of one stderr line per rule, which buries the line that matters in a
/// corpus of mostly non-EQL rules. <c>--verbose</c> lists them one by one.
/// </summary>
public sealed class RuleLoadSummary
{
    private readonly IReadOnlyDictionary<string, int> skipped;

    /// <param name="ready">Rules that will run.</param>
    /// <param name="skipped">Rules read that will not run, by reason ("with errors", "ES|QL", "new_terms", ...).</param>
    public RuleLoadSummary(int ready, IReadOnlyDictionary<string, int> skipped)
    {
        Ready = ready;
        this.skipped = skipped;
    }

    /// <summary>The summary of what <see cref="RuleSetLoader"/> loaded.</summary>
    public static RuleLoadSummary From(RuleSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new RuleLoadSummary(set.Prepared.Count, set.SkippedByReason);
    }

    /// <summary>Rules that will run.</summary>
    public int Ready { get; }

    /// <summary>Rules that were read but will not run, all reasons together.</summary>
    public int Skipped => skipped.Values.Sum();

    /// <summary>The start-up line, e.g. "1 rule loaded; 0 skipped" or "38 rules loaded; 986 skipped: 674 KQL, ...".</summary>
    public string Line(bool verbose)
    {
        var head = $"{Ready} {(Ready == 1 ? "rule" : "rules")} loaded; {Skipped} skipped";
        if (Skipped == 0)
        {
            return head;
        }
        var reasons = string.Join(", ", skipped.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}"));
        return verbose ? $"{head}: {reasons}" : $"{head}: {reasons} (--verbose lists them)";
    }

    /// <summary>
    /// Writes the skipped rules' details (with <paramref name="verbose"/>) and the start-up line; returns false, after
    /// saying why, when no rule can run: the scan then stops before reading any event.
    /// </summary>
    public bool Report(TextWriter stderr, IEnumerable<string> details, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(details);
        if (verbose)
        {
            foreach (var detail in details)
            {
                stderr.WriteLine(detail);
            }
        }
        stderr.WriteLine($"[+] {Line(verbose)}");
        if (Ready > 0)
        {
            return true;
        }
        stderr.WriteLine(Skipped == 0
            ? "error: no rule to run: --rules named no readable rule (see the errors above); no event was read"
            : "error: no rule to run: every rule read was skipped; no event was read");
        return false;
    }
}
