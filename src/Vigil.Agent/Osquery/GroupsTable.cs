namespace Vigil.Agent.Osquery;

/// <summary>osquery's <c>groups</c> (its Linux columns): the local groups of /etc/group.</summary>
public sealed class GroupsTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(("gid", "BIGINT"), ("gid_signed", "BIGINT"), ("groupname", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "groups";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        // name:password:gid:members
        foreach (string[] f in ColonFile.Read(sources.GroupPath, 3, warnings))
        {
            var gid = ColonFile.Id(f[2]);
            yield return [gid.Unsigned, gid.Signed, f[0]];
        }
    }
}
