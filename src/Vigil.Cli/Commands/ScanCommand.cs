using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil scan` (not built yet).</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var command = new Command("scan", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil scan: not implemented yet");
            return 2;
        });
        return command;
    }
}
