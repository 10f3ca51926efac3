using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Vigil.Cli;

/// <summary>The standard help, followed by an "Examples:" section from <see cref="CommandExamples"/>.</summary>
public sealed class ExamplesHelpAction : SynchronousCommandLineAction
{
    private readonly HelpAction _inner;

    public ExamplesHelpAction(HelpAction inner) => _inner = inner;

    public override int Invoke(ParseResult parseResult)
    {
        var code = _inner.Invoke(parseResult);
        var examples = CommandExamples.For(PathOf(parseResult.CommandResult));
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }
            output.WriteLine();
        }
        return code;
    }

    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = c.Parent)
        {
            names.Add(c.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
