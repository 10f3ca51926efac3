namespace Vigil.Events.Projection;

/// <summary>
/// The projected field paths of a compiled plan, each given a slot index. Lookups accept a path as characters so
/// the frame filler can match a property path without allocating a string.
/// </summary>
public sealed class FieldLayout
{
    private readonly string[] paths;
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);
    private readonly HashSet<string> prefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> slotLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> prefixLookup;

    public FieldLayout(IEnumerable<string> fieldPaths)
    {
        ArgumentNullException.ThrowIfNull(fieldPaths);
        var list = new List<string>();
        foreach (var path in fieldPaths)
        {
            if (slots.ContainsKey(path))
            {
                continue;
            }
            slots[path] = list.Count;
            list.Add(path);
            for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = path.IndexOf('.', dot + 1))
            {
                prefixes.Add(path[..dot]);
            }
        }
        paths = list.ToArray();
        // Built on first use: a query compiled into a shared query set gets a layout it never loads a frame with.
        trie = new Lazy<FieldTrie>(() => new FieldTrie(paths));
        slotLookup = slots.GetAlternateLookup<ReadOnlySpan<char>>();
        prefixLookup = prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The paths as a tree of UTF-8 segments, for filling frames from raw property names.</summary>
    private readonly Lazy<FieldTrie> trie;

    internal FieldTrie Trie => trie.Value;

    /// <summary>How many slots a frame of this layout has.</summary>
    public int Count => paths.Length;

    /// <summary>The field path of a slot.</summary>
    public string PathOf(int slot) => paths[slot];

    /// <summary>The slot of a projected path.</summary>
    public bool TryGetSlot(string path, out int slot) => slots.TryGetValue(path, out slot);

    /// <summary>The slot of a projected path given as characters; -1 when not projected.</summary>
    public int SlotOf(ReadOnlySpan<char> path) => slotLookup.TryGetValue(path, out var slot) ? slot : -1;

    /// <summary>True when some projected path continues below <paramref name="path"/> (so its object is read).</summary>
    public bool IsPrefix(ReadOnlySpan<char> path) => prefixLookup.Contains(path);
}
