using System.Text.RegularExpressions;

namespace Vigil.Agent.Osquery;

/// <summary>
/// The files a query of the <c>file</c> table asks about. osquery's <c>file</c> needs a <c>path</c> or
/// <c>directory</c> constraint and reads only what it names; Vigil builds tables before SQLite runs the query, so
/// the constraints are taken from the SQL text: comparisons of <c>path</c>/<c>directory</c> (bare, or qualified by
/// <c>file</c> or its alias) with string literals by =, == and LIKE, and IN lists of literals. Every such
/// comparison contributes, wherever it stands (under OR, or NOT): the rows are a superset, and SQLite applies the
/// query's real WHERE to them. Values a join supplies (<c>f.path = p.path</c>) cannot be known here and are reported.
/// </summary>
internal static partial class FilePathConstraints
{
    /// <summary>The paths to stat, each with its row's directory; <paramref name="constrained"/> says whether any literal constraint was found.</summary>
    public static List<FileCandidate> Expand(string sql, FileWalkBudget budget, out bool constrained)
    {
        var seen = new HashSet<FileCandidate>();
        var candidates = new List<FileCandidate>();
        string? alias = FileAlias().Match(sql) is { Success: true } a && !IsKeyword(a.Groups[1].Value) ? a.Groups[1].Value : null;
        constrained = false;
        foreach (Match match in Comparison().Matches(sql))
        {
            string qualifier = match.Groups["qualifier"].Value;
            if (qualifier.Length > 0
                && !qualifier.Equals("file", StringComparison.OrdinalIgnoreCase)
                && !qualifier.Equals(alias, StringComparison.OrdinalIgnoreCase))
            {
                continue; // Another table's path column.
            }

            constrained = true;
            bool directory = match.Groups["column"].Value.Equals("directory", StringComparison.OrdinalIgnoreCase);
            bool like = match.Groups["op"].Value.Equals("like", StringComparison.OrdinalIgnoreCase);
            foreach (Capture capture in match.Groups["value"].Captures)
            {
                string value = capture.Value.Replace("''", "'", StringComparison.Ordinal);
                if (budget.Spent)
                {
                    return candidates;
                }

                Add(value, directory, like, budget, seen, candidates);
            }
        }

        if (!constrained && JoinedPath().IsMatch(sql))
        {
            budget.Warnings.Add("file: the path or directory here comes from another table (a join); Vigil reads only the literal values a query names (path = '...', path LIKE '...'), so no rows");
        }

        return candidates;
    }

    private static void Add(string value, bool directory, bool like, FileWalkBudget budget, HashSet<FileCandidate> seen, List<FileCandidate> into)
    {
        if (!directory)
        {
            foreach (string path in like ? FileGlob.Expand(value, foldersOnly: false, budget) : [value])
            {
                var candidate = new FileCandidate(path, ParentOf(path));
                if (seen.Add(candidate))
                {
                    into.Add(candidate);
                }
            }

            return;
        }

        foreach (string folder in like ? FileGlob.Expand(value, foldersOnly: true, budget) : [value])
        {
            if (FileStatus.Read(folder, followLinks: true, out _) is not { IsDirectory: true })
            {
                continue; // osquery lists only a directory that is there.
            }

            foreach (string name in DirectoryEntries.Names(folder, budget.Warnings))
            {
                if (!budget.Take())
                {
                    return;
                }

                var candidate = new FileCandidate(folder.EndsWith('/') ? folder + name : folder + "/" + name, folder);
                if (seen.Add(candidate))
                {
                    into.Add(candidate);
                }
            }
        }
    }

    /// <summary>The parent as boost's parent_path gives it, which is what osquery puts in <c>directory</c>: "/etc/ssh/" has "/etc/ssh".</summary>
    internal static string ParentOf(string path)
    {
        if (path.Length > 1 && path.EndsWith('/'))
        {
            return path[..^1];
        }

        int slash = path.LastIndexOf('/');
        return slash switch
        {
            < 0 => "",
            0 => path.Length == 1 ? "" : "/",
            _ => path[..slash],
        };
    }

    /// <summary>The name as boost's filename gives it: "." for a path ending in '/', "/" for the root.</summary>
    internal static string NameOf(string path)
    {
        if (path == "/")
        {
            return "/";
        }

        if (path.EndsWith('/'))
        {
            return ".";
        }

        return path[(path.LastIndexOf('/') + 1)..];
    }

    private static bool IsKeyword(string word) =>
        word.ToUpperInvariant() is "WHERE" or "JOIN" or "LEFT" or "INNER" or "CROSS" or "ON" or "ORDER" or "GROUP" or "LIMIT" or "UNION" or "NATURAL";

    [GeneratedRegex(
        @"(?:\b(?<qualifier>[A-Za-z_][A-Za-z0-9_]*)\.)?\b(?<column>path|directory)\b\s*(?:(?<op>==|=|\bLIKE\b)\s*'(?<value>(?:[^']|'')*)'|(?<op>\bIN\b)\s*\(\s*'(?<value>(?:[^']|'')*)'(?:\s*,\s*'(?<value>(?:[^']|'')*)')*\s*\))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\bfile\b\s+(?:AS\s+)?([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileAlias();

    [GeneratedRegex(@"\b(?:path|directory)\b\s*(?:==|=)\s*[A-Za-z_]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JoinedPath();
}
