using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil rules test</c>: the shipped fixtures all pass; a wrong fixture fails with a clear message.</summary>
public sealed class RulesTestCommandTests
{
    internal static string RepoRoot() => RepoPaths.Root;

    private static (int Code, string Out, string Err) Run(params string[] paths)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = RulesCommand.RunTest(paths, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ShippedRulesPassAllFixtures()
    {
        var rules = Path.Combine(RepoRoot(), "rules");
        var fixtures = Directory.EnumerateFiles(rules, "*.ndjson", SearchOption.AllDirectories).Count(f => f.Contains(".fixtures", StringComparison.Ordinal));
        var (code, output, err) = Run(rules);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal($"{fixtures} passed, 0 failed", lines[^1]);
        Assert.Equal(50, fixtures);
        Assert.Equal(fixtures, lines.Count(l => l.StartsWith("PASS  ", StringComparison.Ordinal)));
        Assert.Equal(0, code);
        Assert.Equal("", err);
    }

    [Fact]
    public void WrongFixturesFailWithAClearMessage()
    {
        var root = RepoRoot();
        var temp = Directory.CreateTempSubdirectory("vigil-rules-test-");
        try
        {
            var source = Path.Combine(root, "rules", "linux", "command_and_control_cat_network_activity");
            File.Copy(source + ".toml", Path.Combine(temp.FullName, "cat.toml"));
            var folder = Directory.CreateDirectory(Path.Combine(temp.FullName, "cat.fixtures")).FullName;
            // A near-miss labelled as an alert, an alert labelled as quiet, and a wrong expected count.
            string[] Events(string name) => File.ReadAllLines(Path.Combine(source + ".fixtures", name))
                .Where(l => !l.StartsWith("{\"//\"", StringComparison.Ordinal)).ToArray();
            File.WriteAllLines(Path.Combine(folder, "wrong.alert.ndjson"), Events("non_shell_parent.quiet.ndjson"));
            File.WriteAllLines(Path.Combine(folder, "wrong.quiet.ndjson"), Events("bash_parent_public_ipv4.alert.ndjson"));
            var lines = Events("bash_parent_public_ipv4.alert.ndjson");
            File.WriteAllLines(Path.Combine(folder, "count.alert.ndjson"), ["{\"//\": \"two expected, one there\", \"expect_alerts\": 2}", .. lines]);

            var (code, output, _) = Run(temp.FullName);
            Assert.Equal(1, code);
            Assert.Contains("FAIL  ", output);
            Assert.Matches(@"FAIL  [0-9a-f-]+  wrong\.alert\.ndjson  expected at least one alert, got none", output);
            Assert.Matches(@"FAIL  [0-9a-f-]+  wrong\.quiet\.ndjson  expected no alert, got 1 alert", output);
            Assert.Matches(@"FAIL  [0-9a-f-]+  count\.alert\.ndjson  expected exactly 2 alerts \(expect_alerts\), got 1 alert", output);
            Assert.EndsWith("0 passed, 3 failed", output.TrimEnd('\n'));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void MissingPathIsAUsageError()
    {
        var (code, _, err) = Run(Path.Combine(RepoRoot(), "no-such-folder"));
        Assert.Equal(2, code);
        Assert.Contains("no such file or folder", err);
    }
}
