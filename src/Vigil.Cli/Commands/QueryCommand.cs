using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil query` (not built yet).</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var command = new Command("query", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil query: not implemented yet");
            return 2;
        });
        return command;
    }
}
