using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil guide` (not built yet).</summary>
public static class GuideCommand
{
    public static Command Create()
    {
        var command = new Command("guide", "(not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("vigil guide: not implemented yet");
            return 2;
        });
        return command;
    }
}
