namespace Vigil.Agent.Osquery;

/// <summary>osquery's <c>process_open_sockets</c>: TCP, UDP and UNIX sockets with the process holding each.</summary>
public sealed class ProcessOpenSocketsTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("pid", "INTEGER"), ("fd", "BIGINT"), ("socket", "BIGINT"), ("family", "INTEGER"), ("protocol", "INTEGER"),
        ("local_address", "TEXT"), ("remote_address", "TEXT"), ("local_port", "INTEGER"), ("remote_port", "INTEGER"),
        ("path", "TEXT"), ("state", "TEXT"), ("net_namespace", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "process_open_sockets";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        foreach (var s in SocketInventory.Read(sources.ProcRoot, warnings))
        {
            yield return
            [
                s.Pid, s.Fd, s.Inode, s.Family, s.Protocol, s.LocalAddress, s.RemoteAddress, s.LocalPort, s.RemotePort,
                s.Path, s.State, s.NetNamespace,
            ];
        }
    }
}
