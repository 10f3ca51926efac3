namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// Finds the shared reference folder: <c>../shared</c> beside the repository root (the folder holding Vigil.slnx),
/// or one level higher for a git worktree under <c>wt/</c>. Null when absent, and tests then return early.
/// </summary>
internal static class SharedFolder
{
    public static string? Path { get; } = Find();

    public static string? Combine(params string[] parts)
    {
        if (Path is null)
        {
            return null;
        }
        var full = System.IO.Path.Combine([Path, .. parts]);
        return File.Exists(full) || Directory.Exists(full) ? full : null;
    }

    private static string? Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Vigil.slnx")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            return null;
        }
        foreach (var candidate in new[] { "..", System.IO.Path.Combine("..", "..") })
        {
            var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, candidate, "shared"));
            if (Directory.Exists(System.IO.Path.Combine(shared, "corpus")))
            {
                return shared;
            }
        }
        return null;
    }
}
