using System.Text;
using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Events.Readers;

/// <summary>
/// Names the index an event belongs to: the envelope's <c>_index</c> when the input has one; else the data stream
/// <c>data_stream.type-data_stream.dataset-data_stream.namespace</c> when the event has all three (nested or dotted);
/// else the <c>--index</c> given for the input.
/// </summary>
public static class EventIndex
{
    /// <summary>The event's index, or null when none of the three sources gives one.</summary>
    public static string? Resolve(ReadOnlySpan<byte> envelopeIndex, ReadOnlySpan<byte> source, string? inputIndex)
    {
        if (!envelopeIndex.IsEmpty)
        {
            return Encoding.UTF8.GetString(envelopeIndex);
        }
        return TryGetDataStream(source, out string? dataStream) ? dataStream : inputIndex;
    }

    /// <summary>Reads <c>data_stream.{type,dataset,namespace}</c> from an event and joins them with '-'.</summary>
    public static bool TryGetDataStream(ReadOnlySpan<byte> source, out string? dataStream)
    {
        dataStream = null;
        string? type = null, dataset = null, ns = null;
        var reader = new Utf8JsonReader(source, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data_stream"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("type"u8)) { reader.Read(); type = StringOrNull(ref reader); }
                        else if (reader.ValueTextEquals("dataset"u8)) { reader.Read(); dataset = StringOrNull(ref reader); }
                        else if (reader.ValueTextEquals("namespace"u8)) { reader.Read(); ns = StringOrNull(ref reader); }
                        else { reader.Read(); reader.Skip(); }
                    }
                }
                else if (reader.ValueTextEquals("data_stream.type"u8)) { reader.Read(); type = StringOrNull(ref reader); }
                else if (reader.ValueTextEquals("data_stream.dataset"u8)) { reader.Read(); dataset = StringOrNull(ref reader); }
                else if (reader.ValueTextEquals("data_stream.namespace"u8)) { reader.Read(); ns = StringOrNull(ref reader); }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return false; // the projection step reports broken events; here we only decline to name an index
        }
        if (string.IsNullOrEmpty(type) || string.IsNullOrEmpty(dataset) || string.IsNullOrEmpty(ns))
        {
            return false;
        }
        dataStream = $"{type}-{dataset}-{ns}";
        return true;
    }

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return JsonStrings.GetString(ref reader);
        }
        reader.Skip();
        return null;
    }
}
