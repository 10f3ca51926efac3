namespace Vigil.Detection.Exceptions;

/// <summary>Exception items loaded from one or more Kibana exception list exports, by list_id.</summary>
public sealed class ExceptionListSet
{
    private readonly Dictionary<string, List<ExceptionItem>> _itemsByList = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownLists = new(StringComparer.Ordinal);

    /// <summary>Every item, in load order.</summary>
    public List<ExceptionItem> Items { get; } = [];

    public void AddList(string listId) => _knownLists.Add(listId);

    public void AddItem(ExceptionItem item)
    {
        Items.Add(item);
        _knownLists.Add(item.ListId);
        if (!_itemsByList.TryGetValue(item.ListId, out var list))
        {
            _itemsByList[item.ListId] = list = [];
        }
        list.Add(item);
    }

    public bool HasList(string listId) => _knownLists.Contains(listId);

    public IReadOnlyList<ExceptionItem> ItemsOf(string listId) =>
        _itemsByList.TryGetValue(listId, out var items) ? items : [];
}
