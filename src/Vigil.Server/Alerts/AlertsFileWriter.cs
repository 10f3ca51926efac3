using System.Text;

namespace Vigil.Server.Alerts;

/// <summary>
/// Appends created alerts to a JSONL file (<c>--alerts-file</c>), one search hit per line, flushed to disk per batch.
/// A mirror for tools that tail files: the database stays the record (a crash between the commit and the append
/// can lose the batch's lines, never the alerts).
/// </summary>
internal sealed class AlertsFileWriter(string path, string index)
{
    private readonly object _gate = new();

    public void Append(IReadOnlyList<(string Id, string Json)> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        var text = new StringBuilder();
        foreach (var (id, json) in alerts)
        {
            text.Append("{\"_index\":").Append(System.Text.Json.JsonSerializer.Serialize(index))
                .Append(",\"_id\":").Append(System.Text.Json.JsonSerializer.Serialize(id))
                .Append(",\"_source\":").Append(json).Append("}\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (_gate)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }
}
