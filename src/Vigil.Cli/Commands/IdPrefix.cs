namespace Vigil.Cli.Commands;

/// <summary>
/// Finds an item by its id or by any unique prefix of it, as git takes abbreviated commit ids: the table shows the
/// first 12 characters of a 64-digit alert id, and those must be enough to name the alert.
/// </summary>
public static class IdPrefix
{
    /// <summary>The exact match, else every item whose id starts with <paramref name="wanted"/> (one: found; more: ambiguous).</summary>
    public static IReadOnlyList<T> Matches<T>(IEnumerable<T> items, Func<T, string?> id, string wanted)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(wanted);
        var list = items.ToList();
        var exact = list.Where(i => string.Equals(id(i), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0 || wanted.Length == 0)
        {
            return exact;
        }
        // The same alert may be read twice (two files); it is still one alert.
        return list.Where(i => id(i)?.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) == true)
            .DistinctBy(i => id(i), StringComparer.OrdinalIgnoreCase).ToList();
    }
}
