using System.Text;

namespace Vigil.Cli.Output;

/// <summary>
/// <c>--format csv</c>: one row per alert (RFC 4180), the table's columns plus the ids, for spreadsheets and
/// timeline tools.
/// </summary>
public static class AlertCsv
{
    private static readonly string[] Header =
        ["time", "severity", "kind", "rule", "rule_id", "host", "user", "process", "destination", "reason", "alert_id", "group_id"];

    public static void Write(Stream stream, IReadOnlyList<AlertRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        text.WriteLine(string.Join(',', Header));
        foreach (var r in rows)
        {
            text.WriteLine(string.Join(',', new[] { r.Time, r.Severity, r.Kind, r.Rule, r.RuleId, r.Host, r.User, r.Process, r.Destination, r.Reason, r.AlertId, r.GroupId }.Select(Field)));
        }
    }

    /// <summary>
    /// One quoted-if-needed field. A leading = + - @ would make a spreadsheet run the cell as a formula (event
    /// text is attacker-controlled), so such a field starts with an apostrophe, as OWASP advises.
    /// </summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
