using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil bench` (not built yet).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil bench: not implemented yet");
            return 2;
        });
        return command;
    }
}
