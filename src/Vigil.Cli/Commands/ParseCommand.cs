using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil parse` (not built yet).</summary>
public static class ParseCommand
{
    public static Command Create()
    {
        var command = new Command("parse", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil parse: not implemented yet");
            return 2;
        });
        return command;
    }
}
