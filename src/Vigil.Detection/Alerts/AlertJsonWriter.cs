using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Detection.Alerts;

/// <summary>Writes alert documents as JSON with <see cref="Utf8JsonWriter"/>: top-level dotted keys as Kibana stores them.</summary>
public static class AlertJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>The alert's <c>_source</c> as one JSON object.</summary>
    public static void WriteSource(Utf8JsonWriter writer, AlertSource source)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in source.Defined())
        {
            writer.WritePropertyName(key);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// One alert as an NDJSON line: <c>{"_index":…,"_id":…,"_source":{…}}</c>, the shape of a search hit, so the
    /// output can be reviewed as is or turned into a bulk request.
    /// </summary>
    public static void WriteHit(Utf8JsonWriter writer, AlertDocument alert, string index)
    {
        writer.WriteStartObject();
        writer.WriteString("_index", index);
        writer.WriteString("_id", alert.Id);
        writer.WritePropertyName("_source");
        WriteSource(writer, alert.Source);
        writer.WriteEndObject();
    }

    /// <summary>Alerts as NDJSON hits, one line each (what <c>vigil scan --format jsonl</c> writes).</summary>
    public static void WriteLines(Stream stream, IEnumerable<AlertDocument> alerts, string index)
    {
        using var writer = new Utf8JsonWriter(stream, Options);
        foreach (var alert in alerts)
        {
            WriteHit(writer, alert, index);
            writer.Flush();
            stream.WriteByte((byte)'\n');
            writer.Reset();
        }
    }

    /// <summary>The hit as a string (tests, small outputs).</summary>
    public static string ToJson(AlertDocument alert, string index)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteHit(writer, alert, index);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The <c>_source</c> parsed back into a JSON object (tests).</summary>
    public static JsonObject SourceAsObject(AlertDocument alert) => alert.Source.ToJsonObject();

    public static JsonWriterOptions WriterOptions => Options;
}
