using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil validate` (not built yet).</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil validate: not implemented yet");
            return 2;
        });
        return command;
    }
}
