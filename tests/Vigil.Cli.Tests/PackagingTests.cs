using System.Diagnostics;

namespace Vigil.Cli.Tests;

/// <summary>
/// The CLI packs as a .NET tool that installs from a local folder (offline: a nuget.config with only that folder)
/// and runs: <c>vigil --version</c>, and a scan of examples/ with the shipped rules writes alerts. Slow (a pack and an
/// install); exclude with <c>--filter Category!=Packaging</c>.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackagingTests
{
    private static (int Code, string Out, string Err) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout.Result, "timed out: " + stderr.Result);
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void PacksInstallsAndRunsAsATool()
    {
        var root = RulesTestCommandTests.RepoRoot();
        var temp = Directory.CreateTempSubdirectory("vigil-pack-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(temp.FullName, "feed")).FullName;
            var tools = Path.Combine(temp.FullName, "tools");
            var pack = Run("dotnet", root, "pack", Path.Combine(root, "src", "Vigil.Cli"), "-c", "Release", "-o", feed);
            Assert.True(pack.Code == 0, pack.Out + pack.Err);
            Assert.Single(Directory.GetFiles(feed, "vigil.*.nupkg"));

            var config = Path.Combine(temp.FullName, "nuget.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            var install = Run("dotnet", temp.FullName, "tool", "install", "vigil", "--tool-path", tools, "--configfile", config);
            Assert.True(install.Code == 0, install.Out + install.Err);

            var vigil = Path.Combine(tools, OperatingSystem.IsWindows() ? "vigil.exe" : "vigil");
            var version = Run(vigil, temp.FullName, "--version");
            Assert.Equal(0, version.Code);
            Assert.Matches(@"^\d+\.\d+\.\d+", version.Out.Trim());

            var scan = Run(vigil, temp.FullName, "scan", "--rules", Path.Combine(root, "rules"), Path.Combine(root, "examples"));
            Assert.True(scan.Code == 0, scan.Err);
            var alerts = scan.Out.Split('\n').Count(l => l.StartsWith("{\"_index\":\".alerts-security.alerts-default\"", StringComparison.Ordinal));
            Assert.True(alerts > 0, "no alerts: " + scan.Err);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }
}
