namespace Vigil.Events.Tests.Readers;

/// <summary>Finds the shared reference folder beside the repository (null when absent).</summary>
internal static class TestPaths
{
    public static string? Shared()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            return null;
        }
        string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }
}
