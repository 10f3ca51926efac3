using System.Globalization;

namespace Vigil.Agent.Osquery;

/// <summary>osquery's <c>kernel_modules</c>: the loaded modules of /proc/modules.</summary>
public sealed class KernelModulesTable : HostTable
{
    private static readonly HostTableColumn[] Schema_ = Schema(
        ("name", "TEXT"), ("size", "BIGINT"), ("used_by", "TEXT"), ("status", "TEXT"), ("address", "TEXT"));

    /// <inheritdoc/>
    public override string Name => "kernel_modules";

    /// <inheritdoc/>
    public override IReadOnlyList<HostTableColumn> Columns => Schema_;

    /// <inheritdoc/>
    public override IEnumerable<object?[]> ReadRows(HostSources sources, List<string> warnings)
    {
        string file = Path.Combine(sources.ProcRoot, "modules");
        string? text = ProcFiles.ReadText(file);
        if (text is null)
        {
            yield break; // A kernel without loadable modules has no such file.
        }

        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            // name size refcount used_by state address
            string[] f = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            if (f.Length < 6 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                warnings.Add($"{file}:{i + 1}: unreadable module line skipped");
                continue;
            }

            yield return [f[0], size, f[3].TrimEnd(','), f[4], f[5]];
        }
    }
}
