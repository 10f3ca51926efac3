namespace Vigil.Server.Tests.Fakes;

/// <summary>Files of the repository (the seed rule's fixtures, the example capture) for tests that send real events.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Vigil.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Event lines of the seed rule's fixtures: every non-blank line that is not the <c>{"//": …}</c> header.
    /// </summary>
    public static IReadOnlyList<string> SeedFixtureEvents()
    {
        string folder = PathOf("rules/linux/command_and_control_cat_network_activity.fixtures");
        return [.. Directory.EnumerateFiles(folder, "*.ndjson").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("{\"//\"", StringComparison.Ordinal))];
    }
}
