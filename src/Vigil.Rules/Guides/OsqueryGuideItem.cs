namespace Vigil.Rules.Guides;

/// <summary>An Osquery block with its query filled from the alert.</summary>
/// <param name="Block">The block in the note.</param>
/// <param name="Button">The block's configuration.</param>
/// <param name="Query">The query after filling: ready to run when <see cref="GuideItem.Status"/> is Ready.</param>
public sealed record OsqueryGuideItem(GuideBlock Block, OsqueryButton Button, FilledText Query)
    : GuideItem(Block, Query.Status)
{
    /// <summary>The label without the "Osquery - " prefix every prebuilt rule repeats; Kibana's default when absent.</summary>
    public string DisplayLabel
    {
        get
        {
            string label = string.IsNullOrWhiteSpace(Button.Label) ? "Run Osquery" : Button.Label.Trim();
            const string prefix = "Osquery - ";
            return label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && label.Length > prefix.Length
                ? label[prefix.Length..].TrimStart()
                : label;
        }
    }
}
