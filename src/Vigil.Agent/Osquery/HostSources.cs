namespace Vigil.Agent.Osquery;

/// <summary>Where the host tables read the system's state from; tests point these at files they wrote.</summary>
/// <param name="ProcRoot">The proc file system (processes, sockets, kernel modules).</param>
/// <param name="PasswdPath">The account database read by <c>users</c>.</param>
/// <param name="GroupPath">The group database read by <c>groups</c>.</param>
/// <param name="UtmpPath">The utmp file read by <c>logged_in_users</c>.</param>
/// <param name="CrontabPaths">System crontab files and folders read by <c>crontab</c>.</param>
public sealed record HostSources(string ProcRoot, string PasswdPath, string GroupPath, string UtmpPath, IReadOnlyList<string> CrontabPaths)
{
    /// <summary>The running Linux host.</summary>
    public static HostSources Default { get; } = new(
        "/proc",
        "/etc/passwd",
        "/etc/group",
        "/var/run/utmp",
        ["/etc/crontab", "/etc/cron.d", "/var/spool/cron/crontabs", "/var/spool/cron"]);

    /// <summary>These sources with another utmp file (<c>--utmp</c>).</summary>
    public HostSources WithUtmp(string? path) => path is null ? this : this with { UtmpPath = path };
}
