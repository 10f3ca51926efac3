namespace Vigil.Rules.Guides;

/// <summary>An Investigate (Timeline) block with its provider values filled from the alert.</summary>
/// <param name="Block">The block in the note.</param>
/// <param name="Button">The block's configuration.</param>
/// <param name="Groups">Provider groups: ORed together, conditions in a group ANDed.</param>
/// <param name="Status">Ready, Skipped (a field was missing) or Template (no alert).</param>
/// <param name="MissingFields">Placeholder fields the alert lacks.</param>
/// <param name="From">The range start resolved against the alert's @timestamp, when both are known.</param>
/// <param name="To">The range end resolved against the alert's @timestamp, when both are known.</param>
public sealed record InvestigateGuideItem(
    GuideBlock Block,
    InvestigateButton Button,
    IReadOnlyList<IReadOnlyList<FilledProvider>> Groups,
    GuideItemStatus Status,
    IReadOnlyList<string> MissingFields,
    DateTimeOffset? From,
    DateTimeOffset? To) : GuideItem(Block, Status)
{
    /// <summary>Each group as readable text: its conditions joined by AND.</summary>
    public IReadOnlyList<string> DescribeGroups()
    {
        var groups = new List<string>(Groups.Count);
        foreach (var group in Groups)
        {
            var parts = new List<string>(group.Count);
            foreach (var condition in group)
            {
                parts.Add(condition.Describe());
            }

            string text = string.Join(" AND ", parts);
            groups.Add(Groups.Count > 1 && group.Count > 1 ? "(" + text + ")" : text);
        }

        return groups;
    }

    /// <summary>The relative range as written, e.g. <c>now-1h to now</c>, or null when the block gives none.</summary>
    public string? DescribeRelativeRange() =>
        Button.RelativeFrom is null && Button.RelativeTo is null
            ? null
            : $"{Button.RelativeFrom ?? "?"} to {Button.RelativeTo ?? "now"}";
}
