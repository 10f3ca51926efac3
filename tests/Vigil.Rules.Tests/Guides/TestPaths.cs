namespace Vigil.Rules.Tests.Guides;

/// <summary>Locates the repository root (the folder holding Vigil.slnx) and ../shared beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vigil.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>../shared, or null when it is absent (tests that need it then have nothing to check).</summary>
    public static string? Shared()
    {
        string shared = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared"));
        if (Directory.Exists(shared))
        {
            return shared;
        }

        // Worktrees sit one level deeper (/work/wt/<branch>); the shared folder is then /work/shared.
        string fromWorktree = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "..", "shared"));
        return Directory.Exists(fromWorktree) ? fromWorktree : null;
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Guides", "TestData", name);
}
