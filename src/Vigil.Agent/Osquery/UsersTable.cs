namespace Vigil.Agent.Osquery;

/// <summary>osquery's <c>users</c>: the local accounts of /etc/passwd.</summary>
public sealed class UsersTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("uid", "BIGINT"), ("gid", "BIGINT"), ("uid_signed", "BIGINT"), ("gid_signed", "BIGINT"), ("username", "TEXT"),
        ("description", "TEXT"), ("directory", "TEXT"), ("shell", "TEXT"), ("uuid", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "users";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        // name:password:uid:gid:gecos:home:shell
        foreach (string[] f in ColonFile.Read(sources.PasswdPath, 7, warnings))
        {
            var uid = ColonFile.Id(f[2]);
            var gid = ColonFile.Id(f[3]);
            yield return [uid.Unsigned, gid.Unsigned, uid.Signed, gid.Signed, f[0], f[4], f[5], f[6], ""];
        }
    }
}
