namespace Vigil.Agent.Osquery;

/// <summary>
/// Expands a LIKE pattern on <c>file.path</c>/<c>file.directory</c> into existing paths the way osquery does:
/// '%' becomes glob(3)'s '*' (one path level, case-sensitive, not matching a leading '.'), '_' stays a literal
/// character, directories come back with a trailing '/', and a pattern ending in '%%' returns what the part before
/// it matches plus everything below those directories (hidden entries included), at most 64 levels deep. Symbolic
/// links to directories are followed, but a directory already walked (same device and inode) is not walked again,
/// so a link loop ends. SQLite then applies the query's real condition to the rows.
/// </summary>
internal static class FileGlob
{
    /// <summary>The paths the pattern matches; <paramref name="foldersOnly"/> keeps the directories only.</summary>
    public static List<string> Expand(string pattern, bool foldersOnly, FileWalkBudget budget)
    {
        string glob = pattern.Replace('%', '*');
        if (!glob.StartsWith('/'))
        {
            glob = Path.Join(Directory.GetCurrentDirectory(), glob); // osquery resolves relative patterns so too.
        }

        var results = new List<string>();
        if (glob.EndsWith("**", StringComparison.Ordinal))
        {
            var visited = new HashSet<(long, long)>();
            foreach (string top in Match(glob[..^1], budget))
            {
                results.Add(top);
                if (top.EndsWith('/'))
                {
                    Descend(top, 0, visited, results, budget);
                }
            }
        }
        else
        {
            results.AddRange(Match(glob, budget));
        }

        if (foldersOnly)
        {
            results.RemoveAll(p => !p.EndsWith('/'));
        }

        return results;
    }

    /// <summary>glob(3) with GLOB_MARK: each '/'-separated segment matched against the entries of the level above.</summary>
    private static List<string> Match(string glob, FileWalkBudget budget)
    {
        bool wantDirectories = glob.EndsWith('/');
        string[] segments = glob.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "" };
        for (int i = 0; i < segments.Length && current.Count > 0; i++)
        {
            string segment = segments[i];
            bool last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (string parent in current)
            {
                if (segment.Contains('*', StringComparison.Ordinal) || segment.Contains('?', StringComparison.Ordinal))
                {
                    foreach (string name in DirectoryEntries.Names(parent.Length == 0 ? "/" : parent, budget.Warnings))
                    {
                        if (WildcardMatches(segment, name) && (last || IsDirectory(parent + "/" + name)))
                        {
                            next.Add(parent + "/" + name);
                        }
                    }
                }
                else
                {
                    string path = parent + "/" + segment;
                    if (last ? Exists(path, budget.Warnings) : IsDirectory(path))
                    {
                        next.Add(path);
                    }
                }
            }

            current = next;
        }

        var marked = new List<string>(current.Count);
        foreach (string path in current)
        {
            if (!budget.Take())
            {
                break;
            }

            bool directory = path.Length == 0 || IsDirectory(path);
            if (directory)
            {
                marked.Add(path + "/");
            }
            else if (!wantDirectories)
            {
                marked.Add(path);
            }
        }

        return marked;
    }

    private static void Descend(string directory, int depth, HashSet<(long, long)> visited, List<string> results, FileWalkBudget budget)
    {
        if (depth >= FileWalkBudget.MaxDepth)
        {
            budget.Warnings.Add($"file: {directory}: deeper than {FileWalkBudget.MaxDepth} levels below the '%%'; not walked further");
            return;
        }

        if (FileStatus.Read(directory, followLinks: true, out _) is not { } status || !visited.Add((status.Device, status.Inode)))
        {
            return; // Gone, or walked already through another name (a link loop ends here).
        }

        foreach (string name in DirectoryEntries.Names(directory, budget.Warnings))
        {
            if (!budget.Take())
            {
                return;
            }

            string path = directory + name;
            if (IsDirectory(path))
            {
                results.Add(path + "/");
                Descend(path + "/", depth + 1, visited, results, budget);
            }
            else
            {
                results.Add(path);
            }
        }
    }

    /// <summary>glob(3)'s '*' and '?' within one name; a leading '.' must be matched by a '.' in the pattern.</summary>
    internal static bool WildcardMatches(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }

        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool IsDirectory(string path) => FileStatus.Read(path, followLinks: true, out _) is { IsDirectory: true };

    private static bool Exists(string path, List<string> warnings)
    {
        if (FileStatus.Read(path, followLinks: false, out int error) is not null)
        {
            return true;
        }

        if (error is not (FileStatus.NoEntry or FileStatus.NotDirectory))
        {
            warnings.Add($"file: {path}: {FileStatus.Describe(error)}");
        }

        return false;
    }
}
