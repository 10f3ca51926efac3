namespace Vigil.Events.Readers;

/// <summary>
/// Lists the files under a directory, following symbolic links, but walking each real directory once: a link back
/// to an ancestor (<c>loop -> ..</c>) or to a directory already walked (<c>loop2 -> ../sub</c>) is reported, not
/// followed, so a tree of links can neither loop nor multiply the input. A file reached by two paths (a file link
/// beside its target) is read once, under the first path in ordinal order. Real paths are found by resolving every
/// link in the path (up to 40 hops, as the kernel allows), so the walk behaves the same on every platform.
/// </summary>
internal static class DirectoryWalker
{
    private const int MaxLinkHops = 40;

    private static readonly EnumerationOptions Entries = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    /// <summary>The files under <paramref name="directory"/>, ordered by path (ordinal); problems go to <paramref name="report"/>.</summary>
    public static List<string> List(string directory, Action<string, string>? report)
    {
        var files = new List<(string Path, string Real)>();
        var walked = new HashSet<string>(StringComparer.Ordinal);
        Walk(Path.GetFullPath(directory), directory, walked, files, report);
        files.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(files.Count);
        foreach (var (path, real) in files)
        {
            if (seen.Add(real))
            {
                result.Add(path);
            }
            else
            {
                report?.Invoke(path, $"same file as one already read ({real}); read once");
            }
        }
        return result;
    }

    private static void Walk(string fullPath, string shownPath, HashSet<string> walked, List<(string, string)> files, Action<string, string>? report)
    {
        // Depth-first with an explicit stack: a deep tree must not overflow the call stack.
        var pending = new Stack<(string Full, string Shown)>();
        pending.Push((fullPath, shownPath));
        while (pending.Count > 0)
        {
            var (full, shown) = pending.Pop();
            var real = RealPath(full);
            if (real is null)
            {
                report?.Invoke(shown, $"more than {MaxLinkHops} symbolic links to resolve; not followed");
                continue;
            }
            if (!walked.Add(real))
            {
                report?.Invoke(shown, $"symbolic link to a directory already read ({real}); not followed, so the walk cannot loop");
                continue;
            }
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(full).EnumerateFileSystemInfos("*", Entries).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                report?.Invoke(shown, $"cannot list the directory: {e.Message}");
                continue;
            }
            foreach (var entry in entries)
            {
                var entryShown = Path.Join(shown, entry.Name);
                if (entry is DirectoryInfo || (entry.LinkTarget is not null && Directory.Exists(entry.FullName)))
                {
                    pending.Push((entry.FullName, entryShown));
                }
                else
                {
                    var entryReal = entry.LinkTarget is null ? Path.Join(real, entry.Name) : RealPath(entry.FullName) ?? entry.FullName;
                    files.Add((entryShown, entryReal));
                }
            }
        }
    }

    /// <summary>The path with every symbolic link in it resolved; null after too many hops (a link cycle).</summary>
    internal static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        for (var hops = 0; hops <= MaxLinkHops; hops++)
        {
            var root = Path.GetPathRoot(full) ?? "";
            var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            var resolved = false;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = Path.Join(current, parts[i]);
                string? target;
                try
                {
                    target = new FileInfo(next).LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    target = null;
                }
                if (target is not null)
                {
                    var rest = string.Join(Path.DirectorySeparatorChar, parts, i + 1, parts.Length - i - 1);
                    full = Path.GetFullPath(Path.Join(Path.IsPathRooted(target) ? target : Path.Join(current, target), rest));
                    resolved = true;
                    break;
                }
                current = next;
            }
            if (!resolved)
            {
                return full;
            }
        }
        return null;
    }
}
