using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Vigil.Cli.Output;

/// <summary>
/// <c>--format table</c>: an aligned table (time, severity, kind, rule, host, user, process, destination, reason, id)
/// and the closing summary line. Severity is coloured only on a terminal and never when NO_COLOR is set.
/// </summary>
public static class AlertTable
{
    /// <summary>Characters of the alert id shown: enough to be unique in any realistic run, and <c>guide --id</c> takes a prefix.</summary>
    public const int IdLength = 12;

    public static void Write(Stream stream, IReadOnlyList<AlertRow> rows, bool color, int width)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // Rendered whole, then trimmed: Spectre pads every line to the page width and frames the table with blank lines.
        using var page = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(page),
        });
        console.Profile.Width = width;
        if (rows.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple);
            foreach (var name in new[] { "time", "severity", "kind", "rule", "host", "user", "process", "destination", "reason", "id" })
            {
                table.AddColumn(new TableColumn(new Text(name)));
            }
            foreach (var r in rows)
            {
                var id = r.AlertId.Length > IdLength ? r.AlertId[..IdLength] : r.AlertId;
                table.AddRow(new IRenderable[]
                {
                    new Text(r.Time), new Text(r.Severity, color ? SeverityStyle(r.Severity) : Style.Plain), new Text(r.IsBuildingBlock ? "  " + r.Kind : r.Kind),
                    new Text(r.Rule), new Text(r.Host), new Text(r.User), new Text(r.Process), new Text(r.Destination), new Text(r.Reason), new Text(id),
                });
            }
            console.Write(table);
        }
        using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        foreach (var line in page.ToString().Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed.Length > 0)
            {
                text.WriteLine(trimmed);
            }
        }
        text.WriteLine(AlertSummary.Line(rows));
    }

    // Kibana's severity colours, nearest of the 16 standard ones.
    private static Style SeverityStyle(string severity) => severity switch
    {
        "critical" => new Style(Color.Red),
        "high" => new Style(Color.Olive),
        "medium" => new Style(Color.Yellow),
        "low" => new Style(Color.Green),
        _ => Style.Plain,
    };

    /// <summary>Whether colour may be used: a terminal, and NO_COLOR (no-color.org) unset or empty.</summary>
    public static bool ColorAllowed(bool terminal) => terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>The terminal's width, or a wide page for files so that rows are not wrapped.</summary>
    public static int Width(bool terminal)
    {
        if (terminal)
        {
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
            }
            catch (IOException)
            {
                return 120;
            }
        }
        return 400;
    }
}
