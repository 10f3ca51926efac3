namespace Vigil.Rules.Tests;

/// <summary>Locates the repository and the shared corpora (../shared beside the repository root).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// <c>../shared</c> from the repository root; in a worktree nested deeper (/work/wt/NAME) the nearest
    /// <c>shared</c> folder further up.
    /// </summary>
    public static string Shared { get; } = FindShared();

    private static string FindShared()
    {
        var dir = new DirectoryInfo(RepoRoot).Parent;
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
    }

    public static string DetectionRules => Path.Combine(Shared, "corpus", "detection-rules");

    /// <summary>True when the shared detection-rules corpus is present; tests that need it return early otherwise.</summary>
    public static bool HasCorpus => Directory.Exists(Path.Combine(DetectionRules, "rules"));

    public static string Data => Path.Combine(RepoRoot, "tests", "Vigil.Rules.Tests", "Data");

    public static string SeedRule => Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.toml");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Vigil.slnx not found above " + AppContext.BaseDirectory);
    }
}
