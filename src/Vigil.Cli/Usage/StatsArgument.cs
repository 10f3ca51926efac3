namespace Vigil.Cli.Usage;

/// <summary>
/// Lets <c>vigil scan --stats</c> stay a flag while also taking <c>--stats=top|all|N</c>. An option with an optional
/// value would swallow the next word (<c>--stats events.ndjson</c> would lose the event file), and System.CommandLine
/// can only hand a token back to a command's arguments, so a bare <c>--stats</c> gets its default value here, before
/// parsing, when the word after it is not one of its values.
/// </summary>
public static class StatsArgument
{
    public const string Name = "--stats";

    public static string[] Normalize(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "scan")
        {
            return args;
        }
        var result = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (args[i] == "--")
            {
                result.AddRange(args[(i + 1)..]);
                break;
            }
            if (args[i] == Name && (i + 1 == args.Length || !IsValue(args[i + 1])))
            {
                result.Add("top");
            }
        }
        return [.. result];
    }

    /// <summary>A value of --stats: top, all or a positive number of rules.</summary>
    public static bool IsValue(string token) => token is "top" or "all" || (token.Length > 0 && token.All(char.IsAsciiDigit));
}
