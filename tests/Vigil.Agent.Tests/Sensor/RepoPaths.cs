namespace Vigil.Agent.Tests.Sensor;

/// <summary>Paths in the repository, found from the test's output directory upwards.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("Vigil.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Rules => Path.Combine(Root, "rules");
}
