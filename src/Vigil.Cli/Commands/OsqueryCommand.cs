using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>`vigil osquery`: one osquery SQL query answered on this host.</summary>
public static class OsqueryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var sqlArgument = new Argument<string>("sql") { Description = "The query, in osquery's SQL (SQLite's dialect), e.g. \"SELECT pid, port FROM listening_ports\"." };
        var formatOption = new Option<string>("--format")
        {
            Description = "Output format: table (default) or json (an array of objects, every value a string, like osqueryi --json).",
            DefaultValueFactory = _ => "table",
        };
        formatOption.AcceptOnlyFromAmong("table", "json");
        var osqueryOption = OsqueryiOption();
        var utmpOption = UtmpOption();

        var command = new Command("osquery", "Run an osquery SQL query on this host with Vigil's osquery-compatible tables (or an installed osqueryi).");
        command.Arguments.Add(sqlArgument);
        command.Options.Add(formatOption);
        command.Options.Add(osqueryOption);
        command.Options.Add(utmpOption);
        command.SetAction(parseResult => OsqueryRunner.Run(
            parseResult.GetValue(sqlArgument)!,
            parseResult.GetValue(formatOption) ?? "table",
            OsqueryEngines.Create(parseResult.GetValue(osqueryOption), parseResult.GetValue(utmpOption)),
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>--osquery: delegate to an installed osqueryi.</summary>
    public static Option<string?> OsqueryiOption() => new("--osquery")
    {
        Description = "Hand the queries to this osqueryi executable (e.g. osqueryi, or a path) instead of Vigil's own tables.",
    };

    /// <summary>--utmp: the login records read by logged_in_users.</summary>
    public static Option<string?> UtmpOption() => new("--utmp")
    {
        Description = "The utmp file the logged_in_users table reads (default /var/run/utmp).",
    };
}
