namespace Vigil.Cli.Commands;

/// <summary>The arguments of `vigil guide`.</summary>
/// <param name="Alert">Alert JSON text, a file path, "-" for stdin, or null.</param>
/// <param name="Id">kibana.alert.uuid choosing one alert of several.</param>
/// <param name="RulesPath">Rules to take the current rule text from.</param>
/// <param name="RulePath">One rule to render.</param>
/// <param name="Language">Language tag of the localised guide wanted.</param>
/// <param name="Format">terminal, html or md.</param>
/// <param name="RunQueries">--run: run the filled Osquery queries on this host and print their rows after the guide.</param>
/// <param name="Osqueryi">--osquery: the osqueryi executable to run them with, or null for Vigil's own tables.</param>
/// <param name="UtmpPath">--utmp: the utmp file logged_in_users reads, or null for /var/run/utmp.</param>
public sealed record GuideRequest(
    string? Alert,
    string? Id,
    string? RulesPath,
    string? RulePath,
    string? Language,
    string Format,
    bool RunQueries = false,
    string? Osqueryi = null,
    string? UtmpPath = null);
