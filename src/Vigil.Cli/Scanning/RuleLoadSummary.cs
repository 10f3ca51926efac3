using Vigil.Rules;

namespace Vigil.Cli.Scanning;

/// <summary>
/// The scan's start-up line, "1 rule loaded; 0 skipped", with skipped rules counted by reason ("986 skipped: 674 KQL,
/// 206 ES|QL, 106 machine learning") instead of one stderr line per rule, which buries the line that matters in a
/// corpus of mostly non-EQL rules. <c>--verbose</c> lists them one by one.
/// </summary>
public sealed class RuleLoadSummary
{
    private readonly Dictionary<string, int> skipped = new(StringComparer.Ordinal);

    /// <summary>Rules that will run.</summary>
    public int Ready { get; private set; }

    /// <summary>Rules that were read but will not run, all reasons together.</summary>
    public int Skipped => skipped.Values.Sum();

    /// <summary>Counts a rule that will run.</summary>
    public void AddReady() => Ready++;

    /// <summary>Counts a rule that will not run, under a short reason ("KQL", "errors", ...).</summary>
    public void AddSkipped(string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;

    /// <summary>Counts a rule that was read but could not be prepared, under the reason its language or type gives.</summary>
    public void AddSkipped(Rule rule) => AddSkipped(ReasonFor(rule));

    /// <summary>Why a rule other than a runnable EQL rule is skipped, in the words its authors use for its kind.</summary>
    public static string ReasonFor(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Type == "machine_learning")
        {
            return "machine learning";
        }
        return rule.Language switch
        {
            "kuery" => "KQL",
            "lucene" => "Lucene",
            "esql" => "ES|QL",
            "eql" => "EQL that cannot run",
            _ => rule.Type,
        };
    }

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
