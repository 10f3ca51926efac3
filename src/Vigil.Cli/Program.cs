using System.CommandLine;
using System.CommandLine.Help;
using Vigil.Cli.Commands;
using Vigil.Cli.Usage;

namespace Vigil.Cli;

/// <summary>Entry point of the <c>vigil</c> command.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Parses and runs one command line. Help always exits 0; usage errors (unknown commands or options, values of
    /// the wrong type, missing arguments) are worded here, run nothing and exit 2, which docs/cli.md reserves for
    /// them (System.CommandLine's own default is 1, Vigil's "the input had errors").
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parsed = CreateRoot().Parse(StatsArgument.Normalize(args));
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        if (parsed.Action is ExamplesHelpAction or HelpAction)
        {
            parsed.Invoke(configuration);
            return 0;
        }
        var problems = UsageCheck.Find(parsed);
        if (problems.Count > 0)
        {
            var path = CommandPath(parsed);
            foreach (var problem in problems)
            {
                stderr.WriteLine($"{path}: {problem}");
            }
            stderr.WriteLine($"see '{path} --help'");
            return 2;
        }
        return parsed.Invoke(configuration);
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Parent is null ? "vigil" : result.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
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
        root.Subcommands.Add(OsqueryCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction standard)
            {
                help.Action = new ExamplesHelpAction(standard);
            }
        }
        return root;
    }
}
