using System.Globalization;

namespace Vigil.Agent.Osquery;

/// <summary>osquery's <c>processes</c>: one row per /proc/PID, with its command line, ids, parent and times.</summary>
public sealed class ProcessesTable : HostTable
{
    // /proc reports times in USER_HZ ticks, fixed at 100 a second by the kernel's user-space ABI.
    private const long TicksPerSecond = 100;

    private static readonly HostTableColumn[] Schema_ = Schema(
        ("pid", "BIGINT"), ("name", "TEXT"), ("path", "TEXT"), ("cmdline", "TEXT"), ("state", "TEXT"),
        ("cwd", "TEXT"), ("root", "TEXT"), ("uid", "BIGINT"), ("gid", "BIGINT"), ("euid", "BIGINT"),
        ("egid", "BIGINT"), ("suid", "BIGINT"), ("sgid", "BIGINT"), ("on_disk", "INTEGER"),
        ("wired_size", "BIGINT"), ("resident_size", "BIGINT"), ("total_size", "BIGINT"), ("user_time", "BIGINT"),
        ("system_time", "BIGINT"), ("disk_bytes_read", "BIGINT"), ("disk_bytes_written", "BIGINT"),
        ("start_time", "BIGINT"), ("parent", "BIGINT"), ("pgroup", "BIGINT"), ("threads", "INTEGER"),
        ("nice", "INTEGER"), ("cgroup_path", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "processes";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        long bootTime = BootTime(sources.ProcRoot);
        foreach (int pid in ProcFiles.ProcessIds(sources.ProcRoot))
        {
            string dir = Path.Combine(sources.ProcRoot, pid.ToString(CultureInfo.InvariantCulture));
            var stat = ProcessStat.Parse(ProcFiles.ReadText(Path.Combine(dir, "stat")));
            if (stat is not { } s)
            {
                continue; // The process exited between listing and reading.
            }

            string? status = ProcFiles.ReadText(Path.Combine(dir, "status"));
            var uids = Ids(ProcFiles.Field(status, "Uid"));
            var gids = Ids(ProcFiles.Field(status, "Gid"));
            string path = ProcFiles.ReadLink(Path.Combine(dir, "exe")) ?? "";
            string? io = ProcFiles.ReadText(Path.Combine(dir, "io"));
            yield return
            [
                (long)pid,
                ProcFiles.Field(status, "Name") ?? "",
                path,
                CommandLine(ProcFiles.ReadText(Path.Combine(dir, "cmdline"))),
                s.State,
                ProcFiles.ReadLink(Path.Combine(dir, "cwd")) ?? "",
                ProcFiles.ReadLink(Path.Combine(dir, "root")) ?? "",
                uids[0], gids[0], uids[1], gids[1], uids[2], gids[2],
                OnDisk(path),
                0L,
                Kilobytes(ProcFiles.Field(status, "VmRSS")),
                Kilobytes(ProcFiles.Field(status, "VmSize")),
                s.UserTicks < 0 ? -1L : s.UserTicks * 1000 / TicksPerSecond,
                s.SystemTicks < 0 ? -1L : s.SystemTicks * 1000 / TicksPerSecond,
                Number(ProcFiles.Field(io, "read_bytes")),
                Number(ProcFiles.Field(io, "write_bytes")),
                bootTime < 0 || s.StartTicks < 0 ? -1L : bootTime + (s.StartTicks / TicksPerSecond),
                s.Parent,
                s.ProcessGroup,
                s.Threads,
                s.Nice,
                CgroupPath(ProcFiles.ReadText(Path.Combine(dir, "cgroup"))),
            ];
        }
    }

    /// <summary>argv joined by spaces, as osquery shows it.</summary>
    internal static string CommandLine(string? raw) =>
        raw is null ? "" : raw.TrimEnd('\0').Replace('\0', ' ');

    private static long BootTime(string procRoot) => Number(FieldBySpace(ProcFiles.ReadText(Path.Combine(procRoot, "stat")), "btime"));

    private static string? FieldBySpace(string? text, string key)
    {
        if (text is null)
        {
            return null;
        }

        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith(key + " ", StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..].Trim();
            }
        }

        return null;
    }

    private static object?[] Ids(string? field)
    {
        var ids = new object?[] { -1L, -1L, -1L };
        if (field is null)
        {
            return ids;
        }

        string[] parts = field.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < 3 && i < parts.Length; i++)
        {
            ids[i] = Number(parts[i]);
        }

        return ids;
    }

    private static long OnDisk(string path)
    {
        if (path.Length == 0)
        {
            return -1;
        }

        return path.EndsWith(" (deleted)", StringComparison.Ordinal) || !File.Exists(path) ? 0 : 1;
    }

    private static long Kilobytes(string? field)
    {
        if (field is null)
        {
            return -1;
        }

        int space = field.IndexOf(' ', StringComparison.Ordinal);
        long value = Number(space < 0 ? field : field[..space]);
        return value < 0 ? -1 : value * 1024;
    }

    private static string CgroupPath(string? text)
    {
        // The unified (v2) hierarchy's line is "0::/path"; under v1 the first line's path is the best single answer.
        if (text is null)
        {
            return "";
        }

        string? first = null;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int second = line.IndexOf(':', line.IndexOf(':', StringComparison.Ordinal) + 1);
            if (second < 0)
            {
                continue;
            }

            string value = line[(second + 1)..];
            if (line.StartsWith("0::", StringComparison.Ordinal))
            {
                return value;
            }

            first ??= value;
        }

        return first ?? "";
    }

    private static long Number(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : -1;
}
