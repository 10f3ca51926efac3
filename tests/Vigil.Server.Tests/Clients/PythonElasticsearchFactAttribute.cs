using System.Diagnostics;

namespace Vigil.Server.Tests.Clients;

/// <summary>
/// A fact that needs Debian's python3-elasticsearch (<c>apt-get install python3-elasticsearch</c>; CI installs it):
/// skipped, saying what is missing, when no python3 can import <c>elasticsearch</c>.
/// </summary>
public sealed class PythonElasticsearchFactAttribute : FactAttribute
{
    private static readonly Lazy<(string? Python, string? Missing)> Found = new(Find);

    public PythonElasticsearchFactAttribute()
    {
        if (Found.Value.Python is null)
        {
            Skip = Found.Value.Missing;
        }
    }

    /// <summary>The interpreter that has the module (Debian's /usr/bin/python3 first: a pyenv shim on PATH may not).</summary>
    public static string Python => Found.Value.Python ?? throw new InvalidOperationException(Found.Value.Missing);

    private static (string?, string?) Find()
    {
        var candidates = new[] { "/usr/bin/python3", "python3" };
        bool anyPython = false;
        foreach (string candidate in candidates)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import elasticsearch"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                });
                if (process is null)
                {
                    continue;
                }
                anyPython = true;
                if (process.WaitForExit(TimeSpan.FromSeconds(20)) && process.ExitCode == 0)
                {
                    return (candidate, null);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        return (null, anyPython
            ? "python3 has no 'elasticsearch' module: apt-get install -y python3-elasticsearch"
            : "python3 not found: apt-get install -y python3 python3-elasticsearch");
    }
}
