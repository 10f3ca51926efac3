namespace Vigil.Agent.Osquery;

/// <summary>
/// osquery's <c>listening_ports</c>: the open sockets that are bound but not connected (an IP socket with no
/// remote port, a UNIX socket with a path), which is how osquery derives it from <c>process_open_sockets</c>.
/// </summary>
public sealed class ListeningPortsTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("pid", "INTEGER"), ("port", "INTEGER"), ("protocol", "INTEGER"), ("family", "INTEGER"), ("address", "TEXT"),
        ("fd", "BIGINT"), ("socket", "BIGINT"), ("path", "TEXT"), ("net_namespace", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "listening_ports";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        foreach (var s in SocketInventory.Read(sources.ProcRoot, warnings))
        {
            if (s.Family == SocketInventory.AfUnix)
            {
                if (s.Path.Length > 0)
                {
                    yield return [s.Pid, 0L, s.Protocol, s.Family, "", s.Fd, 0L, s.Path, s.NetNamespace];
                }
            }
            else if (s.RemotePort == 0)
            {
                yield return [s.Pid, s.LocalPort, s.Protocol, s.Family, s.LocalAddress, s.Fd, s.Inode, "", s.NetNamespace];
            }
        }
    }
}
