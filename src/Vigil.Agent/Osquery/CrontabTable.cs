namespace Vigil.Agent.Osquery;

/// <summary>
/// osquery's <c>crontab</c>: the jobs of the system crontab, /etc/cron.d and the users' spool files. Like
/// osquery, the command is the rest of the line after the schedule (it starts with the user in system files).
/// </summary>
public sealed class CrontabTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("event", "TEXT"), ("minute", "TEXT"), ("hour", "TEXT"), ("day_of_month", "TEXT"), ("month", "TEXT"),
        ("day_of_week", "TEXT"), ("command", "TEXT"), ("path", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "crontab";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        foreach (string file in Files(sources.CrontabPaths))
        {
            string? text = ProcFiles.ReadText(file);
            if (text is null)
            {
                warnings.Add($"{file}: cannot be read");
                continue;
            }

            foreach (string raw in text.Split('\n'))
            {
                string line = raw.Trim();
                string[] f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (f.Length == 0 || line.StartsWith('#') || f[0].Contains('=', StringComparison.Ordinal))
                {
                    continue; // Comments and environment settings are not jobs.
                }

                if (f[0].StartsWith('@'))
                {
                    yield return [f[0], "", "", "", "", "", Rest(line, 1), file];
                }
                else if (f.Length >= 6)
                {
                    yield return ["", f[0], f[1], f[2], f[3], f[4], Rest(line, 5), file];
                }
                else
                {
                    warnings.Add($"{file}: a job line with fewer than 6 fields skipped: {line}");
                }
            }
        }
    }

    private static IEnumerable<string> Files(IReadOnlyList<string> paths)
    {
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                string[] files;
                try
                {
                    files = Directory.GetFiles(path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                Array.Sort(files, StringComparer.Ordinal);
                foreach (string file in files)
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>The line after its first <paramref name="skip"/> whitespace-separated fields.</summary>
    private static string Rest(string line, int skip)
    {
        int i = 0;
        for (int field = 0; field < skip; field++)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }
        }

        return line[i..].Trim();
    }
}
