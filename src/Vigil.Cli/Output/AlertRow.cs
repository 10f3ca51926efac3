using Vigil.Detection.Alerts;

namespace Vigil.Cli.Output;

/// <summary>One alert as the table and CSV show it; every text already made safe with <see cref="CellText"/>.</summary>
public sealed record AlertRow
{
    public required string Time { get; init; }
    public required string Severity { get; init; }
    /// <summary>"sequence", "block N" (a sequence's building block) or "event".</summary>
    public required string Kind { get; init; }
    public required string Rule { get; init; }
    public required string RuleId { get; init; }
    public required string Host { get; init; }
    public required string User { get; init; }
    public required string Process { get; init; }
    public required string Destination { get; init; }
    public required string Reason { get; init; }
    public required string AlertId { get; init; }
    public required string GroupId { get; init; }
    public bool IsBuildingBlock { get; init; }

    /// <summary>
    /// The row of one alert. A sequence's shell alert is stamped with the run's time, so <paramref name="groupTime"/>
    /// (its first building block's event time) is shown instead: a row's time is when the activity happened.
    /// </summary>
    public static AlertRow From(AlertDocument alert, string? groupTime)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var s = alert.Source;
        var ip = AlertFields.Text(s, "destination.ip");
        var port = AlertFields.Text(s, "destination.port");
        var destination = ip.Length == 0 ? AlertFields.Text(s, "destination.address")
            : port.Length == 0 ? ip : ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}";
        return new AlertRow
        {
            Time = CellText.Clean(alert.IsShell && groupTime is not null ? groupTime : AlertFields.Text(s, "kibana.alert.original_time")),
            Severity = CellText.Clean(AlertFields.Text(s, "kibana.alert.severity")),
            Kind = alert.IsShell ? "sequence" : alert.IsBuildingBlock ? $"block {alert.GroupIndex}" : "event",
            Rule = CellText.Clean(AlertFields.Text(s, "kibana.alert.rule.name")),
            RuleId = CellText.Clean(AlertFields.Text(s, "kibana.alert.rule.rule_id")),
            Host = CellText.Clean(AlertFields.Text(s, "host.name")),
            User = CellText.Clean(AlertFields.Text(s, "user.name")),
            Process = CellText.Clean(ProcessText(s)),
            Destination = CellText.Clean(destination),
            Reason = CellText.Clean(AlertFields.Text(s, "kibana.alert.reason")),
            AlertId = CellText.Clean(alert.Id),
            GroupId = CellText.Clean(AlertFields.Text(s, "kibana.alert.group.id")),
            IsBuildingBlock = alert.IsBuildingBlock,
        };
    }

    private static string ProcessText(AlertSource s)
    {
        var name = AlertFields.Text(s, "process.name");
        var pid = AlertFields.Text(s, "process.pid");
        return name.Length > 0 && pid.Length > 0 ? $"{name} ({pid})" : name;
    }
}
