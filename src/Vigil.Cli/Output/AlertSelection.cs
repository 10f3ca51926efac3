using Vigil.Detection.Alerts;

namespace Vigil.Cli.Output;

/// <summary>
/// The alerts to write, after <c>--min-severity</c> and <c>--sort</c>. A sequence's shell alert and its building
/// blocks stay together and in their order (the blocks are the shell's evidence), so both apply to whole groups.
/// </summary>
public static class AlertSelection
{
    public const string ByTime = "time";
    public const string BySeverity = "severity";
    public const string ByRule = "rule";

    public static IReadOnlyList<(AlertDocument Alert, AlertRow Row)> Select(IReadOnlyList<AlertDocument> alerts, string? minSeverity, string? sort)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var groups = Group(alerts);
        var floor = minSeverity is null ? -1 : Severity.Rank(minSeverity);
        // A severity outside Kibana's four cannot be ranked: it is kept, not dropped unseen.
        var kept = groups.Where(g => floor < 0 || Severity.Rank(g[0].Row.Severity) < 0 || Severity.Rank(g[0].Row.Severity) >= floor).ToList();
        IEnumerable<List<(AlertDocument Alert, AlertRow Row)>> ordered = sort switch
        {
            ByTime => kept.OrderBy(g => g[0].Row.Time, StringComparer.Ordinal),
            BySeverity => kept.OrderByDescending(g => Severity.Rank(g[0].Row.Severity)).ThenBy(g => g[0].Row.Time, StringComparer.Ordinal),
            ByRule => kept.OrderBy(g => g[0].Row.Rule, StringComparer.OrdinalIgnoreCase).ThenBy(g => g[0].Row.Time, StringComparer.Ordinal),
            _ => kept,
        };
        return ordered.SelectMany(g => g).ToList();
    }

    /// <summary>Alerts in groups: a shell with its building blocks (same group id), or one alert alone.</summary>
    private static List<List<(AlertDocument Alert, AlertRow Row)>> Group(IReadOnlyList<AlertDocument> alerts)
    {
        // The earliest building block's event time stands for its shell's.
        var groupTimes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var alert in alerts.Where(a => a.IsBuildingBlock))
        {
            var group = AlertFields.Text(alert.Source, "kibana.alert.group.id");
            var time = AlertFields.Text(alert.Source, "kibana.alert.original_time");
            if (group.Length > 0 && time.Length > 0 && (!groupTimes.TryGetValue(group, out var known) || string.CompareOrdinal(time, known) < 0))
            {
                groupTimes[group] = time;
            }
        }
        var groups = new List<List<(AlertDocument Alert, AlertRow Row)>>();
        var byId = new Dictionary<string, List<(AlertDocument Alert, AlertRow Row)>>(StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            var groupId = AlertFields.Text(alert.Source, "kibana.alert.group.id");
            var row = (alert, AlertRow.From(alert, groupTimes.GetValueOrDefault(groupId)));
            if (groupId.Length > 0 && (alert.IsShell || alert.IsBuildingBlock))
            {
                if (!byId.TryGetValue(groupId, out var members))
                {
                    members = [];
                    byId[groupId] = members;
                    groups.Add(members);
                }
                // The shell leads its group even if a block was written first.
                if (alert.IsShell)
                {
                    members.Insert(0, row);
                }
                else
                {
                    members.Add(row);
                }
                continue;
            }
            groups.Add([row]);
        }
        return groups;
    }
}
