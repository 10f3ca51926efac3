using Vigil.Cli.Commands;
using Vigil.Detection.Alerts;

namespace Vigil.Cli.Output;

/// <summary>
/// Writes a scan's alerts in the chosen format, after <c>--min-severity</c> and <c>--sort</c>. The summary line
/// closes the table; with jsonl and csv it goes to stderr, so the data stays machine-readable.
/// </summary>
public static class AlertOutput
{
    public static void Write(Stream output, TextWriter stderr, IReadOnlyList<AlertDocument> alerts, string alertsIndex, ScanCommand.ScanArguments args)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(args);
        var sort = args.Sort ?? (args.Format == "jsonl" ? null : AlertSelection.ByTime);
        var selected = AlertSelection.Select(alerts, args.MinSeverity, sort);
        var rows = selected.Select(s => s.Row).ToList();
        if (selected.Count < alerts.Count)
        {
            // Filtered alerts are said to exist, so that a quiet table is never mistaken for a quiet scan.
            stderr.WriteLine($"[+] {alerts.Count - selected.Count} of {alerts.Count} alerts are below --min-severity {args.MinSeverity} and not shown");
        }
        switch (args.Format)
        {
            case "table":
                AlertTable.Write(output, rows, args.Color, args.TableWidth);
                return;
            case "csv":
                AlertCsv.Write(output, rows);
                break;
            default:
                // Without --min-severity or --sort, Kibana's write order exactly as the engine produced it.
                AlertJsonWriter.WriteLines(output, args.MinSeverity is null && sort is null ? alerts : selected.Select(s => s.Alert), alertsIndex);
                break;
        }
        stderr.WriteLine($"[+] {AlertSummary.Line(rows)}");
    }
}
