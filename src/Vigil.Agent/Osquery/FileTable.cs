using System.Globalization;

namespace Vigil.Agent.Osquery;

/// <summary>
/// osquery's <c>file</c> (its Linux columns): the metadata of the files a query names through <c>path</c> or
/// <c>directory</c> (see <see cref="FilePathConstraints"/>). As in osquery: a symbolic link is reported with the
/// status of its target (its own when the target is missing), <c>symlink</c> 1 and the link text in
/// <c>symlink_target_path</c>; <c>mode</c> is four octal digits; <c>device</c> is the device number of a device
/// file (st_rdev); a path that does not exist is no row. A query with neither constraint gets no rows and a
/// warning, as the table cannot list the whole file system. Unlike osquery's Linux build (always 0), <c>btime</c>
/// is the birth time when the file system keeps one.
/// </summary>
public sealed class FileTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("path", "TEXT"), ("directory", "TEXT"), ("filename", "TEXT"), ("inode", "BIGINT"), ("uid", "BIGINT"),
        ("gid", "BIGINT"), ("mode", "TEXT"), ("device", "BIGINT"), ("size", "BIGINT"), ("block_size", "INTEGER"),
        ("atime", "BIGINT"), ("mtime", "BIGINT"), ("ctime", "BIGINT"), ("btime", "BIGINT"), ("hard_links", "INTEGER"),
        ("symlink", "INTEGER"), ("type", "TEXT"), ("symlink_target_path", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "file";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings) => ReadRows(sources, "", warnings);

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, string sql, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(warnings);
        var candidates = FilePathConstraints.Expand(sql, new FileWalkBudget(warnings), out bool constrained);
        if (!constrained && !warnings.Exists(w => w.StartsWith("file: the path or directory here comes", StringComparison.Ordinal)))
        {
            warnings.Add("file: the query has no path or directory constraint (path = '...', path LIKE '/dir/%', directory = '...'); osquery requires one, so no rows");
        }

        foreach (var candidate in candidates)
        {
            if (Row(candidate, warnings) is { } row)
            {
                yield return row;
            }
        }
    }

    private static object?[]? Row(FileCandidate candidate, List<string> warnings)
    {
        string path = candidate.Path;
        if (FileStatus.Read(path, followLinks: false, out int error) is not { } link)
        {
            if (error is not (FileStatus.NoEntry or FileStatus.NotDirectory))
            {
                warnings.Add($"file: {path}: {FileStatus.Describe(error)}; no row");
            }

            return null;
        }

        var target = link.IsSymlink ? FileStatus.Read(path, followLinks: true, out _) : link;
        var s = target ?? link;
        return
        [
            path,
            candidate.Directory,
            FilePathConstraints.NameOf(path),
            s.Inode,
            s.Uid,
            s.Gid,
            Convert.ToString(s.Mode & 0xFFF, 8).PadLeft(4, '0'),
            s.SpecialDevice,
            s.Size,
            s.BlockSize,
            s.AccessTime,
            s.ModifyTime,
            s.ChangeTime,
            s.BirthTime,
            s.HardLinks,
            link.IsSymlink ? 1L : 0L,
            target is { } t ? TypeName(t.Type) : "unknown",
            link.IsSymlink ? LinkText(path, warnings) : "",
        ];
    }

    private static string TypeName(int type) => type switch
    {
        0x8000 => "regular",
        0x4000 => "directory",
        0xA000 => "symlink",
        0x6000 => "block",
        0x2000 => "character",
        0x1000 => "fifo",
        0xC000 => "socket",
        _ => "unknown",
    };

    /// <summary>The link's own text (readlink), as osquery reports it, not the resolved path.</summary>
    private static string LinkText(string path, List<string> warnings)
    {
        try
        {
            return new FileInfo(path.TrimEnd('/') is { Length: > 0 } p ? p : path).LinkTarget ?? "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"file: {path}: link text unreadable ({ex.Message})"));
            return "";
        }
    }
}
