namespace Vigil.Cli.Tests;

/// <summary>The repository's root (the folder holding Vigil.slnx), found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException($"no Vigil.slnx above {AppContext.BaseDirectory}");
    }
}
