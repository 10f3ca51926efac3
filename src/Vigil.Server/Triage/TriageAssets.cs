using System.Reflection;

namespace Vigil.Server.Triage;

/// <summary>The triage page's files, embedded in the assembly (no build step, nothing on disk to serve or lose).</summary>
internal static class TriageAssets
{
    public static readonly byte[] Index = Load("index.html");
    public static readonly byte[] Script = Load("app.js");
    public static readonly byte[] Style = Load("app.css");

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Vigil.Server.Triage." + name)
            ?? throw new InvalidOperationException($"the triage page's {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
