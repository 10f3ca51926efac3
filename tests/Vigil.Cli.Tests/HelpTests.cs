using System.CommandLine;

namespace Vigil.Cli.Tests;

/// <summary>Every command's <c>--help</c> has a description and examples; <c>vigil --help</c> lists every command; <c>--version</c>.</summary>
public sealed class HelpTests
{
    private static (int Code, string Out) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        var root = Program.CreateRoot();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });
        return (code, output.ToString());
    }

    private static IEnumerable<string[]> CommandPaths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            yield return path;
            foreach (var deeper in CommandPaths(sub, path)) yield return deeper;
        }
    }

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in CommandPaths(Program.CreateRoot(), [])) data.Add(string.Join(' ', path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandHelpHasADescriptionAndExamples(string command)
    {
        var (code, output) = Invoke([.. command.Split(' '), "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Description:", output);
        Assert.Contains("Usage:", output);
        Assert.Contains("Examples:", output);
        // Each example runs the command it documents.
        var examples = output[output.IndexOf("Examples:", StringComparison.Ordinal)..].Split('\n').Skip(1).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.StartsWith("  vigil " + command, e));
    }

    [Fact]
    public void RootHelpListsEveryCommandOnOneLine()
    {
        var (code, output) = Invoke("--help");
        Assert.Equal(0, code);
        var root = Program.CreateRoot();
        var lines = output.Split('\n');
        foreach (var command in root.Subcommands)
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), command.Name);
            Assert.DoesNotContain('\n', command.Description!);
            Assert.Contains(lines, l => l.StartsWith("  " + command.Name + " ", StringComparison.Ordinal) && l.Contains(command.Description!, StringComparison.Ordinal));
        }
        Assert.Contains("Examples:", output);
    }

    [Fact]
    public void VersionPrintsTheAssemblyVersion()
    {
        // In-process, --version reports the entry assembly (the test host), so run the real vigil.dll.
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("--version");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("0.1.0", output.Trim());
    }
}
