namespace Vigil.Eql.Compilation;

/// <summary>
/// The numbering of frame slots by field path (aliases already resolved). Each compile gets its own by default; a
/// rule set passes one instance to every compile so that all its queries read one shared frame (one parse per
/// event). Only slot numbers are shared: aliases, field types and the special fields stay per query.
/// </summary>
/// <remarks>Not thread-safe while compiling; read-only afterwards.</remarks>
public sealed class FieldSlots
{
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);
    private readonly List<string> paths = [];

    /// <summary>The paths in slot order.</summary>
    public IReadOnlyList<string> Paths => paths;

    /// <summary>How many slots have been given out.</summary>
    public int Count => paths.Count;

    /// <summary>The slot of a resolved path, given out on first use.</summary>
    public int SlotOf(string resolvedPath)
    {
        if (!slots.TryGetValue(resolvedPath, out var slot))
        {
            slot = paths.Count;
            slots[resolvedPath] = slot;
            paths.Add(resolvedPath);
        }
        return slot;
    }
}
