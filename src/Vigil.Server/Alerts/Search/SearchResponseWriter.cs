using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>Elasticsearch's search response: took, timed_out, _shards, hits{total, max_score, hits[]}, aggregations.</summary>
internal static class SearchResponseWriter
{
    public static void Write(Utf8JsonWriter writer, SearchRequest request, List<AlertView> matches, List<SearchHit> sorted, long tookMs, bool scores)
    {
        var sortedBy = request.Sort.Count > 0;
        double? score = sortedBy ? null : scores ? 1.0 : 0.0;
        writer.WriteStartObject();
        writer.WriteNumber("took", tookMs);
        writer.WriteBoolean("timed_out", false);
        writer.WriteStartObject("_shards");
        writer.WriteNumber("total", 1);
        writer.WriteNumber("successful", 1);
        writer.WriteNumber("skipped", 0);
        writer.WriteNumber("failed", 0);
        writer.WriteEndObject();

        writer.WriteStartObject("hits");
        if (request.TrackTotalHitsUpTo is { } limit)
        {
            writer.WriteStartObject("total");
            writer.WriteNumber("value", Math.Min(matches.Count, limit));
            writer.WriteString("relation", matches.Count > limit ? "gte" : "eq");
            writer.WriteEndObject();
        }
        WriteScore(writer, "max_score", matches.Count == 0 ? null : score);
        writer.WriteStartArray("hits");
        var end = Math.Min(sorted.Count, request.From + request.Size);
        for (var i = request.From; i < end; i++)
        {
            var hit = sorted[i];
            writer.WriteStartObject();
            writer.WriteString("_index", hit.View.Index);
            writer.WriteString("_id", hit.View.Id);
            WriteScore(writer, "_score", score);
            if (request.Source.IsWhole)
            {
                writer.WritePropertyName("_source");
                writer.WriteRawValue(hit.View.Alert.Json, skipInputValidation: true);
            }
            else if (request.Source.Enabled)
            {
                writer.WritePropertyName("_source");
                request.Source.Apply(hit.View.Root).WriteTo(writer);
            }
            if (sortedBy)
            {
                writer.WriteStartArray("sort");
                foreach (var v in hit.SortValues)
                {
                    v.WriteTo(writer);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();

        if (request.Aggregations.Count > 0)
        {
            writer.WriteStartObject("aggregations");
            AggregationWriter.Write(writer, request.Aggregations, matches);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteScore(Utf8JsonWriter writer, string name, double? score)
    {
        if (score is { } s) writer.WriteNumber(name, s);
        else writer.WriteNull(name);
    }
}
