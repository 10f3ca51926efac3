using System.Globalization;
using System.Text.Json;

namespace Vigil.Server.Store;

/// <summary>
/// What a sealed segment holds, written once when it is sealed (<c>seg-….manifest</c>, JSON): event count, file
/// lengths and the time index. Written to a temporary file, fsynced and renamed, so a manifest is either whole or
/// absent; a segment without one is recovered from its files on open.
/// </summary>
internal sealed record SegmentManifest(long Events, long Bytes, long EnvelopeBytes, SegmentTimes Times)
{
    private const int Version = 1;

    public void WriteDurably(in SegmentFiles files)
    {
        using (var stream = new FileStream(files.ManifestTemporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("version", Version);
                json.WriteNumber("events", Events);
                json.WriteNumber("bytes", Bytes);
                json.WriteNumber("envelope_bytes", EnvelopeBytes);
                WriteTime(json, "min_time", Times.IsEmpty ? null : Times.Min);
                WriteTime(json, "max_time", Times.IsEmpty ? null : Times.Max);
                WriteTime(json, "min_timestamp", Times.HasTimestamp ? Times.MinTimestamp : null);
                WriteTime(json, "max_timestamp", Times.HasTimestamp ? Times.MaxTimestamp : null);
                WriteTime(json, "min_ingested", Times.HasIngested ? Times.MinIngested : null);
                WriteTime(json, "max_ingested", Times.HasIngested ? Times.MaxIngested : null);
                json.WriteEndObject();
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(files.ManifestTemporary, files.Manifest, overwrite: true);
        DirectorySync.Flush(files.Directory);
    }

    /// <summary>Reads a manifest; null when it is missing, unreadable or of another version (the segment is then recovered).</summary>
    public static SegmentManifest? TryRead(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != Version)
            {
                return null;
            }
            var times = default(SegmentTimes);
            if (ReadTime(root, "min_timestamp") is { } minTimestamp && ReadTime(root, "max_timestamp") is { } maxTimestamp)
            {
                times.AddTimestamp(minTimestamp);
                times.AddTimestamp(maxTimestamp);
            }
            if (ReadTime(root, "min_ingested") is { } minIngested && ReadTime(root, "max_ingested") is { } maxIngested)
            {
                times.AddIngested(minIngested);
                times.AddIngested(maxIngested);
            }
            return new SegmentManifest(root.GetProperty("events").GetInt64(), root.GetProperty("bytes").GetInt64(),
                root.GetProperty("envelope_bytes").GetInt64(), times);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException
            or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, long? ticks)
    {
        if (ticks is { } t)
        {
            json.WriteString(name, new DateTimeOffset(t, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static long? ReadTime(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcTicks
            : null;
}
