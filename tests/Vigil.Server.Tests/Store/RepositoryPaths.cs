namespace Vigil.Server.Tests.Store;

/// <summary>Finds files of the repository (the shipped examples) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string DefendSample => Path.Combine(Root(), "examples", "defend-linux-sample.ndjson");

    private static string Root()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Directory.Packages.props")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("repository root not found");
        }
        return directory;
    }
}
