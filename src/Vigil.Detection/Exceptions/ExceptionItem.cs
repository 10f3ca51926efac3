namespace Vigil.Detection.Exceptions;

/// <summary>
/// One exception item: its entries are ANDed; when <see cref="OsTypes"/> is not empty the event's OS must also be
/// one of them. An event matching any item of a rule's lists is removed before the rule's query sees it.
/// </summary>
public sealed record ExceptionItem(
    string ItemId,
    string ListId,
    string Name,
    string NamespaceType,
    IReadOnlyList<string> OsTypes,
    IReadOnlyList<ExceptionEntry> Entries,
    DateTimeOffset? ExpireTime)
{
    /// <summary>True when an entry (at any depth) refers to a value list, which Vigil cannot read.</summary>
    public bool UsesValueList
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Type == "list" || entry.Entries.Any(e => e.Type == "list"))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
