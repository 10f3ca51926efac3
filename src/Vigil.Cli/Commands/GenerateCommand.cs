using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil generate` (not built yet).</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil generate: not implemented yet");
            return 2;
        });
        return command;
    }
}
