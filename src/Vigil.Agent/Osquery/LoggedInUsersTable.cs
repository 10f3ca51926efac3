namespace Vigil.Agent.Osquery;

/// <summary>
/// osquery's <c>logged_in_users</c>: the records of the utmp file. Like osquery, every record but init's own
/// (pid 1) is a row, whatever its type, so the type column tells live sessions ("user") from the rest.
/// </summary>
public sealed class LoggedInUsersTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("type", "TEXT"), ("user", "TEXT"), ("tty", "TEXT"), ("host", "TEXT"), ("time", "BIGINT"), ("pid", "INTEGER"));

    /// <inheritdoc/>
    public override string Name => "logged_in_users";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(sources.UtmpPath);
        }
        catch (FileNotFoundException)
        {
            yield break; // No login records kept (containers): nobody is logged in.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{sources.UtmpPath}: cannot be read ({ex.Message})");
            yield break;
        }

        int whole = data.Length / UtmpRecord.Size;
        if (data.Length % UtmpRecord.Size != 0)
        {
            warnings.Add($"{sources.UtmpPath}: {data.Length % UtmpRecord.Size} bytes after record {whole} are not a whole {UtmpRecord.Size}-byte utmp record; ignored");
        }

        for (int i = 0; i < whole; i++)
        {
            var record = UtmpRecord.Parse(data.AsSpan(i * UtmpRecord.Size, UtmpRecord.Size));
            if (record.Pid == 1)
            {
                continue;
            }

            yield return [record.TypeName, record.User, record.Line, record.Host, record.Time, (long)record.Pid];
        }
    }
}
