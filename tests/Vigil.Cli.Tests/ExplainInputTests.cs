using System.Diagnostics;
using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil explain</c> over inputs that are not events, and over stdin.</summary>
public sealed class ExplainInputTests
{
    private static readonly string RepoRoot = RepoPaths.Root;
    private static string Rule => Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.toml");

    [Fact]
    public void AFileThatIsNotJsonIsAnInputErrorNotAnExplanation()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "hello world\nthis is not json\nat all\n");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = ExplainCommand.Run(Rule, [], [file], stdout, stderr);
            Assert.Equal(1, code);
            Assert.DoesNotContain("DID NOT FIRE", stdout.ToString());
            Assert.Contains($"{file}:1:1", stderr.ToString());
            Assert.Contains("no event could be read", stderr.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void DashReadsStandardInput()
    {
        var fixture = Path.Combine(Path.GetDirectoryName(Rule)!, "command_and_control_cat_network_activity.fixtures", "connection_1500ms_after_exec.quiet.ndjson");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(Program).Assembly.Location, "explain", "--rule", Rule, "-" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Write(File.ReadAllText(fixture));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.True(process.ExitCode == 0, errors);
        // The fixture's two events (after its comment line) are the exec and the late connection.
        Assert.Contains("Events: 2 read", output);
        Assert.Contains("maxspan exceeded", output);
    }
}
