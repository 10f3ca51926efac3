using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>Computes and writes aggregations in Elasticsearch's response shape over a set of matching documents.</summary>
internal static class AggregationWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<TermsAggregation> aggregations, IReadOnlyList<AlertView> docs)
    {
        foreach (var agg in aggregations)
        {
            writer.WritePropertyName(agg.Name);
            writer.WriteStartObject();
            switch (agg.Type)
            {
                case "terms": Terms(writer, agg, docs); break;
                case "cardinality": writer.WriteNumber("value", Distinct(agg.Field, docs)); break;
                default: writer.WriteNumber("value", docs.Sum(d => d.Values(agg.Field).Count)); break;
            }
            writer.WriteEndObject();
        }
    }

    private static long Distinct(string field, IReadOnlyList<AlertView> docs)
    {
        var keys = new HashSet<SortValue>();
        foreach (var doc in docs)
        {
            foreach (var v in doc.Values(field))
            {
                if (SortValue.Of(v, field) is { Present: true } key) keys.Add(key with { Text = key.IsNumber ? null : key.Text });
            }
        }
        return keys.Count;
    }

    private static void Terms(Utf8JsonWriter writer, TermsAggregation agg, IReadOnlyList<AlertView> docs)
    {
        var buckets = new Dictionary<SortValue, List<AlertView>>();
        var order = new List<SortValue>();
        foreach (var doc in docs)
        {
            var seen = new HashSet<SortValue>();
            foreach (var v in doc.Values(agg.Field))
            {
                var key = SortValue.Of(v, agg.Field);
                if (!key.Present) continue;
                var identity = key.IsNumber ? key with { Text = null } : key;
                if (!seen.Add(identity)) continue;
                if (!buckets.TryGetValue(identity, out var members))
                {
                    buckets[identity] = members = [];
                    order.Add(key);
                }
                members.Add(doc);
            }
        }
        var keys = order.Where(k => buckets[Identity(k)].Count >= Math.Max(1, agg.MinDocCount)).ToList();
        keys.Sort((a, b) =>
        {
            if (agg.OrderByKey)
            {
                var byKey = a.CompareTo(b);
                return agg.Ascending ? byKey : -byKey;
            }
            var c = buckets[Identity(a)].Count.CompareTo(buckets[Identity(b)].Count);
            if (c != 0) return agg.Ascending ? c : -c;
            return a.CompareTo(b);
        });
        var shown = keys.Take(agg.Size).ToList();
        writer.WriteNumber("doc_count_error_upper_bound", 0);
        writer.WriteNumber("sum_other_doc_count", keys.Skip(agg.Size).Sum(k => (long)buckets[Identity(k)].Count));
        writer.WriteStartArray("buckets");
        foreach (var key in shown)
        {
            var members = buckets[Identity(key)];
            writer.WriteStartObject();
            writer.WritePropertyName("key");
            key.WriteTo(writer);
            if (key.IsNumber && key.Text is not null)
            {
                // Dates and booleans: the key is a number, the text form beside it.
                writer.WriteString("key_as_string", key.Text);
            }
            writer.WriteNumber("doc_count", members.Count);
            Write(writer, agg.SubAggregations, members);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static SortValue Identity(SortValue key) => key.IsNumber ? key with { Text = null } : key;
}
