using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>Entry point of the <c>vigil</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var parsed = CreateRoot().Parse(args);
        var exitCode = parsed.Invoke();
        // System.CommandLine reports unknown commands and bad options (with "did you mean" suggestions) as exit 1;
        // Vigil keeps 1 for "the input had errors" and uses 2 for usage errors.
        return parsed.Errors.Count > 0 ? 2 : exitCode;
    }

    /// <summary>The <c>vigil</c> command tree, with examples after each command's help.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Vigil: Elastic-style EQL detection rules, run anywhere.");
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(GuideCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            if (help.Action is System.CommandLine.Help.HelpAction standard)
            {
                help.Action = new ExamplesHelpAction(standard);
            }
        }
        return root;
    }
}
