using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil explain` (not built yet).</summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var command = new Command("explain", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil explain: not implemented yet");
            return 2;
        });
        return command;
    }
}
