using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vigil.Cli.Tests;

/// <summary>
/// Runs the commands README.md shows and checks the figures it states beside them, read from the README itself, so
/// that a figure changed in either place without the other fails here.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string RepoRoot = RepoPaths.Root;
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));

    // ../shared beside the checkout, or beside the folder of worktrees.
    private static string? SharedFolder()
    {
        foreach (var candidate in new[] { Path.Combine(RepoRoot, "..", "shared"), Path.Combine(RepoRoot, "..", "..", "shared") })
        {
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    private static (int Code, string Out, string Err) RunVigil(string commandLine)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot };
        start.Environment["NO_COLOR"] = "1";
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        // The README's commands hold no quoted words, so splitting on spaces is what the shell does with them.
        foreach (var word in commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(word);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), commandLine);
        return (process.ExitCode, output, error.Result);
    }

    private static int Number(string text) => text switch
    {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        _ => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
    };

    [Fact]
    public void QuickStartScanPrintsTheAlertsTheReadmePromises()
    {
        var command = QuickStartCommand().Match(Readme);
        Assert.True(command.Success, "the quick start's build-and-scan command");
        var capture = CaptureFigures().Match(Readme);
        Assert.True(capture.Success, "the capture's description");
        var promise = AlertFigures().Match(Readme);
        Assert.True(promise.Success, "the quick start's alert figures");

        // The capture: its events, hosts and hidden attempts, counted from the files.
        var events = Directory.GetFiles(Path.Combine(RepoRoot, "examples"), "*.ndjson")
            .SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(Number(capture.Groups["events"].Value), events.Count);
        var hosts = events.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("host").GetProperty("name").GetString()).Distinct().Count();
        Assert.Equal(Number(capture.Groups["hosts"].Value), hosts);

        var (code, output, error) = RunVigil(command.Groups["scan"].Value);
        Assert.True(code == 0, error);
        var summary = output.TrimEnd('\n').Split('\n')[^1];
        var alerts = Number(promise.Groups["alerts"].Value);
        var sequences = Number(promise.Groups["sequences"].Value);
        Assert.Equal(Number(capture.Groups["attempts"].Value), sequences);
        Assert.StartsWith($"{alerts} alerts: {sequences} medium sequences ({Number(promise.Groups["blocks"].Value)} building blocks)", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOverTheCorpusCountsWhatTheReadmeSays()
    {
        var shared = SharedFolder();
        if (shared is null)
        {
            return; // The shared corpus is not beside this checkout.
        }
        var line = ValidateLine().Match(Readme);
        Assert.True(line.Success, "the README's validate line with its figures");
        var (code, output, error) = RunVigil(line.Groups["command"].Value.Replace("../shared", shared, StringComparison.Ordinal));
        Assert.True(code == 0, error);
        Assert.Equal($"{Number(line.Groups["passed"].Value)} passed, 0 failed, {Number(line.Groups["skipped"].Value)} skipped", output.TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public void ConformanceGivesTheReadmesFigure()
    {
        var shared = SharedFolder();
        if (shared is null)
        {
            return;
        }
        var line = ConformanceLine().Match(Readme);
        Assert.True(line.Success, "the README's conformance line with its figure");
        var (code, output, error) = RunVigil(line.Groups["command"].Value.Replace("../shared", shared, StringComparison.Ordinal));
        Assert.True(code == 0, error);
        Assert.Contains($"\n{line.Groups["figure"].Value}", "\n" + output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"dotnet build -c Release && artifacts/bin/Vigil\.Cli/release/vigil (?<scan>scan [^\n`]+)")]
    private static partial Regex QuickStartCommand();

    [GeneratedRegex(@"\((?<events>[\d,]+) Elastic Defend events from (?<hosts>\w+) Linux hosts with (?<attempts>\w+) `cat` exfiltration attempts")]
    private static partial Regex CaptureFigures();

    [GeneratedRegex(@"prints (?<alerts>\d+) alerts: the (?<sequences>\d+) sequences and their (?<blocks>\d+) building blocks")]
    private static partial Regex AlertFigures();

    [GeneratedRegex(@"^vigil (?<command>validate [^#\n]+?)\s+# (?<passed>[\d,]+) rules pass \([^)]*\); (?<skipped>[\d,]+) are skipped", RegexOptions.Multiline)]
    private static partial Regex ValidateLine();

    [GeneratedRegex(@"^vigil (?<command>conformance [^#\n]+?)\s+# (?<figure>\d+ passed, \d+ failed)", RegexOptions.Multiline)]
    private static partial Regex ConformanceLine();
}
