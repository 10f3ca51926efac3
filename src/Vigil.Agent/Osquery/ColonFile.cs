namespace Vigil.Agent.Osquery;

/// <summary>Reads /etc/passwd-style files: one record a line, fields separated by ':'.</summary>
internal static class ColonFile
{
    /// <summary>The records with at least <paramref name="fields"/> fields; shorter ones are reported by line.</summary>
    public static IEnumerable<string[]> Read(string path, int fields, List<string> warnings)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{path}: cannot be read ({ex.Message})");
            yield break;
        }

        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split(':');
            if (parts.Length < fields)
            {
                warnings.Add($"{path}:{i + 1}: {parts.Length} fields where {fields} are needed; line skipped");
                continue;
            }

            yield return parts;
        }
    }

    /// <summary>An id field as osquery stores it: unsigned, and its signed 32-bit reading; -1 when unreadable.</summary>
    public static (long Unsigned, long Signed) Id(string text) =>
        uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint id)
            ? (id, unchecked((int)id))
            : (-1, -1);
}
