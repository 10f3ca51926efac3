namespace Vigil.Agent.Osquery;

/// <summary>
/// Reads of /proc entries that may vanish (the process exits) or be forbidden (another user's process): each
/// returns null then, and the table fills osquery's "unknown" value instead of failing the whole query.
/// </summary>
internal static class ProcFiles
{
    public static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The numeric entries of /proc: the process ids, ascending.</summary>
    public static List<int> ProcessIds(string procRoot)
    {
        var pids = new List<int>();
        try
        {
            foreach (string dir in Directory.EnumerateDirectories(procRoot))
            {
                if (int.TryParse(Path.GetFileName(dir.AsSpan()), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
                {
                    pids.Add(pid);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No /proc (not Linux, or not mounted): the tables are empty.
        }

        pids.Sort();
        return pids;
    }

    /// <summary>The value after "<paramref name="key"/>:" on its line of a status-style file, trimmed.</summary>
    public static string? Field(string? text, string key)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan()[range];
            if (line.Length > key.Length && line[key.Length] == ':' && line.StartsWith(key, StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..].Trim().ToString();
            }
        }

        return null;
    }
}
