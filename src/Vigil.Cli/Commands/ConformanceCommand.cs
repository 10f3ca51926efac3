using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil conformance` (not built yet).</summary>
public static class ConformanceCommand
{
    public static Command Create()
    {
        var command = new Command("conformance", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil conformance: not implemented yet");
            return 2;
        });
        return command;
    }
}
