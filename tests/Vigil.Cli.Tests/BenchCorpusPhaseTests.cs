using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil bench --corpus</c> as a user runs it (a whole process, children of the same build): every goal's row is in
/// the table and its figure parses, so a phase that silently drops a goal or prints nonsense fails here.
/// </summary>
public sealed partial class BenchCorpusPhaseTests
{
    private static readonly string RepoRoot = RepoPaths.Root;

    [GeneratedRegex(@"^(?<goal>\d\. .+?)\s{2,}(?<measured>.+?)\s{2,}(?<target>[<>]= \S+(?: \S+)?)\s{2,}(?<result>met|not met|no figure)$", RegexOptions.Multiline)]
    private static partial Regex Row();

    [Fact]
    public void TheCorpusPhasePrintsEveryGoalWithAFigure()
    {
        var fixtures = Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.fixtures");
        var rules = Directory.CreateTempSubdirectory("vigil-bench-corpus-");
        try
        {
            File.Copy(Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.toml"),
                Path.Combine(rules.FullName, "seed.toml"));
            var events = Path.Combine(rules.FullName, "events.ndjson");
            var alert = File.ReadAllLines(Path.Combine(fixtures, "bash_parent_public_ipv4.alert.ndjson")).Where(l => l.Length > 0).ToArray();
            File.WriteAllLines(events, Enumerable.Repeat(alert, 50).SelectMany(l => l));
            var (code, output, error) = RunVigil("bench", "--events", events, "--corpus", rules.FullName, "--corpus-timeout", "120");
            Assert.True(code == 0, error);
            var rows = Row().Matches(output).ToDictionary(m => m.Groups["goal"].Value, m => m);
            Assert.True(rows.Count == 6, output);
            foreach (var goal in new[] { "1", "2", "3", "5", "6" })
            {
                Assert.True(rows.Keys.Any(k => k.StartsWith(goal + ".", StringComparison.Ordinal)), $"goal {goal} row in:\n{output}");
            }
            foreach (var row in rows.Values)
            {
                Assert.NotEqual("no figure", row.Groups["result"].Value);
                var figure = Regex.Match(row.Groups["measured"].Value, @"^[0-9.]+");
                Assert.True(figure.Success, row.Value);
                Assert.True(double.Parse(figure.Value, CultureInfo.InvariantCulture) > 0, row.Value);
            }
            Assert.Contains("tokenize (baseline)", output);
        }
        finally
        {
            rules.Delete(recursive: true);
        }
    }

    [Fact]
    public void AChildThatOverrunsItsTimeoutIsReportedNotThrown()
    {
        var rules = Path.Combine(RepoRoot, "rules", "linux");
        var events = Path.Combine(RepoRoot, "rules", "linux", "command_and_control_cat_network_activity.fixtures", "bash_parent_public_ipv4.alert.ndjson");
        // A twentieth of a second is less than any .NET process's start-up: every row reports the timeout.
        var (code, output, error) = RunVigil("bench", "--events", events, "--corpus", rules, "--corpus-timeout", "0.05");
        Assert.True(code == 0, error);
        Assert.Equal(6, Regex.Matches(output, @"did not finish in 0\.05 s\s+[<>]= \S+(?: \S+)?\s+no figure").Count);
    }

    private static (int Code, string Out, string Err) RunVigil(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(600_000));
        return (process.ExitCode, output, error.Result);
    }
}
