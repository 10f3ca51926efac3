using Vigil.Agent.Osquery;

namespace Vigil.Cli.Commands;

/// <summary>Chooses what answers `vigil osquery` and `vigil guide --run`: an installed osqueryi when named, else Vigil's host tables.</summary>
public static class OsqueryEngines
{
    /// <summary>The engine for the --osquery and --utmp options.</summary>
    /// <param name="osqueryi">An osqueryi executable to delegate to, or null for Vigil's own tables.</param>
    /// <param name="utmpPath">The utmp file logged_in_users reads instead of /var/run/utmp, or null.</param>
    public static IOsqueryEngine Create(string? osqueryi, string? utmpPath) =>
        osqueryi is { Length: > 0 }
            ? new OsqueryiEngine(osqueryi)
            : new HostQueryEngine(HostSources.Default.WithUtmp(utmpPath));
}
