using System.Text.Json;

namespace Vigil.Server.Scheduling;

/// <summary>
/// Reads and writes <c>rules-state.json</c> under <c>--data</c>. A write goes to a temporary file that is flushed to
/// disk and then renamed over the old one, so a crash leaves either the old state or the new, never half of one.
/// </summary>
public sealed class RuleStateFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The saved states by rule uuid; empty when there is no file yet. An unreadable file is reported and set aside.</summary>
    public Dictionary<string, RuleRunState> Load(Action<string> log)
    {
        var states = new Dictionary<string, RuleRunState>(StringComparer.Ordinal);
        if (!File.Exists(Path))
        {
            return states;
        }
        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path), RuleStateJson.Default.RuleStateDocument);
            foreach (var state in document?.Rules ?? [])
            {
                states[state.RuleUuid] = state;
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var aside = Path + ".unreadable";
            log($"rule state {Path} cannot be read ({e.Message}); moved to {aside}, every rule starts a new schedule");
            try
            {
                File.Move(Path, aside, overwrite: true);
            }
            catch (IOException)
            {
            }
        }
        return states;
    }

    public void Save(IEnumerable<RuleRunState> states)
    {
        var document = new RuleStateDocument { Rules = [.. states] };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, RuleStateJson.Default.RuleStateDocument);
        var temporary = Path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
