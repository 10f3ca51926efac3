using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.EndToEnd;

/// <summary>
/// Events with explicit ids and data-stream indices, as `_bulk` create actions: the same bytes go to the service
/// and, as a `_bulk` file, to `vigil scan` — the independent oracle whose alert ids the service must reproduce.
/// </summary>
public sealed class BulkCapture
{
    private BulkCapture(IReadOnlyList<(string Index, string Id, string Source)> events)
    {
        Events = events;
    }

    public IReadOnlyList<(string Index, string Id, string Source)> Events { get; }

    public static BulkCapture FromLines(IEnumerable<string> lines, string idPrefix)
    {
        var events = new List<(string, string, string)>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var index = doc.RootElement.TryGetProperty("data_stream", out var ds)
                ? $"{ds.GetProperty("type").GetString()}-{ds.GetProperty("dataset").GetString()}-{ds.GetProperty("namespace").GetString()}"
                : "logs-endpoint.events.process-default";
            events.Add((index, idPrefix + events.Count.ToString("D7", CultureInfo.InvariantCulture), line));
        }
        return new BulkCapture(events);
    }

    /// <summary>The `_bulk` body of events [first, first + count).</summary>
    public byte[] Body(int first, int count)
    {
        var text = new StringBuilder();
        for (var i = first; i < first + count && i < Events.Count; i++)
        {
            var (index, id, source) = Events[i];
            text.Append("{\"create\":{\"_index\":\"").Append(index).Append("\",\"_id\":\"").Append(id).Append("\"}}\n")
                .Append(source).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void WriteBulkFile(string path)
    {
        using var file = File.Create(path);
        const int Slice = 5_000;
        for (var i = 0; i < Events.Count; i += Slice)
        {
            file.Write(Body(i, Slice));
        }
    }
}
