using Vigil.Agent.Osquery;
using Vigil.Rules.Guides;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil guide --run`: each of the guide's Osquery queries, as filled from the alert, run on this host, with its
/// rows printed after the guide (text tables; inside fenced blocks for Markdown). Queries that are not Ready
/// (a placeholder the alert lacks, no alert, an unreadable block) are listed as not run, with the reason.
/// </summary>
public static class GuideQueryResults
{
    /// <summary>Runs and prints; returns how many queries failed.</summary>
    public static int Write(InvestigationGuide guide, IOsqueryEngine engine, bool markdown, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(stdout);
        var items = guide.Items.OfType<OsqueryGuideItem>().ToList();
        stdout.WriteLine();
        stdout.WriteLine(markdown ? "## Osquery results on this host" : "Osquery results on this host");
        if (items.Count == 0)
        {
            stdout.WriteLine();
            stdout.WriteLine("The guide has no Osquery queries.");
            return 0;
        }

        int failed = 0;
        foreach (var item in items)
        {
            string title = $"{item.Tag} {TerminalText.Sanitize(item.DisplayLabel, keepNewlines: false)}";
            stdout.WriteLine();
            stdout.WriteLine(markdown ? $"### {title}" : title);
            string query = item.Query.Text;
            stdout.WriteLine(markdown ? $"\n```sql\n{query.Trim()}\n```" : $"  {TerminalText.Sanitize(query.Trim(), keepNewlines: false)}");
            if (item.Status != GuideItemStatus.Ready)
            {
                stdout.WriteLine($"not run: {Reason(item)}");
                continue;
            }

            var result = engine.Run(query);
            OsqueryRunner.WriteWarnings(result, $"vigil guide: {item.Tag}", stderr);
            if (result.Error is not null)
            {
                failed++;
                stdout.WriteLine($"failed: {result.Error}");
                OsqueryRunner.WriteError(result, $"vigil guide: {item.Tag}", stderr);
                continue;
            }

            if (markdown)
            {
                stdout.WriteLine("\n```text");
            }

            OsqueryResultWriter.WriteTable(result, stdout);
            if (markdown)
            {
                stdout.WriteLine("```");
            }
        }

        return failed;
    }

    private static string Reason(OsqueryGuideItem item) => item.Status switch
    {
        GuideItemStatus.Skipped => $"the alert lacks {string.Join(", ", item.Query.MissingFields)} (Kibana skips such a query too)",
        GuideItemStatus.Template => "no alert, so its placeholders are unfilled",
        _ => "its block could not be read",
    };
}
