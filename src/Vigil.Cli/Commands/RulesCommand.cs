using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil rules` (not built yet).</summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil rules: not implemented yet");
            return 2;
        });
        return command;
    }
}
