using System.Buffers;
using System.Text.Json;
using Vigil.Server.Api;

namespace Vigil.Server.Ingest;

/// <summary>
/// Bulk and single-document responses in Elasticsearch's shape: clients read <c>errors</c>, then each item's
/// <c>status</c> and <c>error.type</c> to retry exactly the failed items, so the fields and their names are kept.
/// </summary>
public static class BulkResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    public static void WriteBulk(IBufferWriter<byte> target, IReadOnlyList<ItemResult> items, long tookMillis)
    {
        using var writer = new Utf8JsonWriter(target, Options);
        bool errors = false;
        foreach (var item in items)
        {
            errors |= item.Failed;
        }
        writer.WriteStartObject();
        writer.WriteNumber("took", tookMillis);
        writer.WriteBoolean("errors", errors);
        writer.WritePropertyName("items");
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writer.WritePropertyName(BulkRequestParser.ActionName(item.Kind));
            WriteItem(writer, item);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The body of <c>PUT /{index}/_doc/{id}</c> and friends when stored (the same object as a bulk item's, without <c>status</c>).</summary>
    public static void WriteSingle(IBufferWriter<byte> target, ItemResult item)
    {
        using var writer = new Utf8JsonWriter(target, Options);
        WriteStored(writer, item, withStatus: false);
    }

    private static void WriteItem(Utf8JsonWriter writer, ItemResult item)
    {
        if (!item.Failed)
        {
            WriteStored(writer, item, withStatus: true);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("_index", item.Index);
        writer.WriteString("_id", item.Id);
        writer.WriteNumber("status", item.Status);
        writer.WritePropertyName("error");
        ElasticError.WriteCause(writer, item.ErrorType!, item.ErrorReason!, item.Status == 409 ? w => WriteIndexOf(w, item) : null);
        writer.WriteEndObject();
    }

    private static void WriteIndexOf(Utf8JsonWriter writer, ItemResult item)
    {
        writer.WriteString("index", item.Index);
        writer.WriteString("shard", "0");
    }

    private static void WriteStored(Utf8JsonWriter writer, ItemResult item, bool withStatus)
    {
        writer.WriteStartObject();
        writer.WriteString("_index", item.Index);
        writer.WriteString("_id", item.Id);
        writer.WriteNumber("_version", item.Version);
        writer.WriteString("result", item.Version == 1 ? "created" : "updated");
        writer.WritePropertyName("_shards");
        writer.WriteStartObject();
        writer.WriteNumber("total", 1);
        writer.WriteNumber("successful", 1);
        writer.WriteNumber("failed", 0);
        writer.WriteEndObject();
        writer.WriteNumber("_seq_no", item.SeqNo);
        writer.WriteNumber("_primary_term", 1);
        if (withStatus)
        {
            writer.WriteNumber("status", item.Status);
        }
        writer.WriteEndObject();
    }
}
