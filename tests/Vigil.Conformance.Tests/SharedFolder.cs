namespace Vigil.Conformance.Tests;

/// <summary>Finds the shared reference folder (../shared from the repository root, or higher for a worktree).</summary>
internal static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The shared folder, or null when absent (corpus tests then return without asserting).</summary>
    public static string? Path => Root.Value;

    public static string? EsCorpus => Path is null ? null : System.IO.Path.Combine(Path, "corpus", "eql-elasticsearch");

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                for (var up = dir.Parent; up is not null; up = up.Parent)
                {
                    var shared = System.IO.Path.Combine(up.FullName, "shared");
                    if (Directory.Exists(System.IO.Path.Combine(shared, "corpus", "eql-elasticsearch")))
                    {
                        return shared;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
