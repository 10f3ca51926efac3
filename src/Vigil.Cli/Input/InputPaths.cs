using Vigil.Events.Readers;

namespace Vigil.Cli.Input;

/// <summary>
/// Checks that every named input exists before a command reads anything: a missing file is a usage error (exit 2,
/// docs/cli.md) with the same meaning in every command, worded without .NET's exception text.
/// </summary>
public static class InputPaths
{
    /// <summary>One line per path that is neither a file, a folder nor <c>-</c> (stdin); empty when all exist.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> paths, string? option = null)
    {
        var problems = new List<string>();
        foreach (var path in paths)
        {
            if (path == InputReader.StandardInput || File.Exists(path) || Directory.Exists(path))
            {
                continue;
            }
            var prefix = option is null ? "" : option + " ";
            var parent = Path.GetDirectoryName(Path.GetFullPath(path));
            problems.Add(parent is not null && !Directory.Exists(parent)
                ? $"{prefix}{path}: no such file or folder (the folder {parent} does not exist)"
                : $"{prefix}{path}: no such file or folder");
        }
        return problems;
    }
}
