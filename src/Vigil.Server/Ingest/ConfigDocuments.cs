using System.Collections.Concurrent;
using System.Text.Json;

namespace Vigil.Server.Ingest;

/// <summary>
/// Index templates, component templates, ILM policies and ingest pipelines that shippers install before sending: kept
/// (one JSON file per name under <c>DATA/config/KIND/</c>, so a restarted service still answers "it exists" and the
/// shipper does not reinstall), answered back on GET, never applied — Vigil stores documents as sent. The log says so
/// once per kind.
/// </summary>
public sealed class ConfigDocuments
{
    private readonly string folder;
    private readonly ConcurrentDictionary<string, byte[]> documents = new(StringComparer.Ordinal);
    private readonly Action<string> log;
    private readonly string description;
    private int logged;

    public ConfigDocuments(string dataDirectory, string kind, string description, Action<string> log)
    {
        folder = Path.Combine(dataDirectory, "config", kind);
        this.description = description;
        this.log = log;
        if (Directory.Exists(folder))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.json"))
            {
                documents[Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file))] = File.ReadAllBytes(file);
            }
        }
    }

    /// <summary>Null when the body is a JSON object and was kept; otherwise why not.</summary>
    public string? Put(string name, ReadOnlySpan<byte> body)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('*', StringComparison.Ordinal))
        {
            return $"invalid name [{name}]";
        }
        byte[] compact;
        try
        {
            using var parsed = JsonDocument.Parse(body.ToArray());
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "the body must be a JSON object";
            }
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                parsed.RootElement.WriteTo(writer);
            }
            compact = stream.ToArray();
        }
        catch (JsonException bad)
        {
            return $"the body is not valid JSON: {bad.Message}";
        }
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, Uri.EscapeDataString(name) + ".json");
        string temporary = file + ".tmp";
        File.WriteAllBytes(temporary, compact);
        File.Move(temporary, file, overwrite: true);
        documents[name] = compact;
        if (Interlocked.Exchange(ref logged, 1) == 0)
        {
            log($"{description} are accepted and kept under {folder}, not applied: documents are stored as sent");
        }
        return null;
    }

    public bool Delete(string name)
    {
        if (!documents.TryRemove(name, out _))
        {
            return false;
        }
        File.Delete(Path.Combine(folder, Uri.EscapeDataString(name) + ".json"));
        return true;
    }

    /// <summary>The kept documents whose names match <paramref name="pattern"/> (comma-separated, <c>*</c> wildcards; empty = all), by name.</summary>
    public IReadOnlyList<(string Name, byte[] Body)> Find(string? pattern)
    {
        var parts = string.IsNullOrEmpty(pattern) ? ["*"] : pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. documents.Where(d => parts.Any(p => Matches(p, d.Key))).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Value))];
    }

    private static bool Matches(string pattern, string name)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == name;
        }
        var pieces = pattern.Split('*');
        int at = 0;
        for (int i = 0; i < pieces.Length; i++)
        {
            string piece = pieces[i];
            if (i == 0)
            {
                if (!name.StartsWith(piece, StringComparison.Ordinal))
                {
                    return false;
                }
                at = piece.Length;
                continue;
            }
            if (i == pieces.Length - 1)
            {
                return name.Length - at >= piece.Length && name.EndsWith(piece, StringComparison.Ordinal);
            }
            int found = name.IndexOf(piece, at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            at = found + piece.Length;
        }
        return true;
    }
}
