using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Json;

namespace Vigil.Detection.Suppression;

/// <summary>
/// Reads group-by values as Kibana does: for an event from the search's <c>fields</c> (every value, as an array,
/// sorted; null when absent), for a sequence shell from its source (robust dotted/nested get; arrays sorted).
/// </summary>
public static class SuppressionTerms
{
    public static IReadOnlyList<SuppressionTerm> FromEvent(JsonObject source, IReadOnlyList<string> groupBy)
    {
        var terms = new List<SuppressionTerm>(groupBy.Count);
        foreach (var field in groupBy)
        {
            var values = new List<JsonNode?>();
            foreach (var v in FieldValues.Get(source, field))
            {
                if (v is JsonValue)
                {
                    values.Add(v);
                }
            }
            terms.Add(new SuppressionTerm(field, values.Count == 0 ? null : Sorted(values)));
        }
        return terms;
    }

    public static IReadOnlyList<SuppressionTerm> FromShell(AlertSource shell, IReadOnlyList<string> groupBy)
    {
        var terms = new List<SuppressionTerm>(groupBy.Count);
        foreach (var field in groupBy)
        {
            var value = RobustGet(shell, field);
            if (value is JsonArray array)
            {
                value = Sorted([.. array]);
            }
            terms.Add(new SuppressionTerm(field, value?.DeepClone()));
        }
        return terms;
    }

    /// <summary>Values sorted as lodash sortBy(identity) sorts them (numbers numerically, strings by code unit; stable).</summary>
    public static IReadOnlyList<JsonNode?> SortedValues(IEnumerable<JsonNode?> values) => [.. Sorted([.. values])];

    /// <summary>True when any term has no value (for missing_fields_strategy doNotSuppress).</summary>
    public static bool HasMissing(IReadOnlyList<SuppressionTerm> terms)
    {
        foreach (var t in terms)
        {
            if (t.Value is null)
            {
                return true;
            }
        }
        return false;
    }

    private static JsonNode? RobustGet(AlertSource doc, string key)
    {
        if (doc.IsDefined(key))
        {
            return doc[key];
        }
        for (var i = key.IndexOf('.'); i > 0; i = key.IndexOf('.', i + 1))
        {
            var head = key[..i];
            if (doc.IsDefined(head) && doc[head] is JsonObject child)
            {
                var found = RobustGet(child, key[(i + 1)..]);
                if (found is not null)
                {
                    return found;
                }
            }
        }
        return null;
    }

    private static JsonNode? RobustGet(JsonObject obj, string key)
    {
        if (obj.TryGetPropertyValue(key, out var direct))
        {
            return direct;
        }
        for (var i = key.IndexOf('.'); i > 0; i = key.IndexOf('.', i + 1))
        {
            if (obj[key[..i]] is JsonObject child && RobustGet(child, key[(i + 1)..]) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    // lodash sortBy(identity): numbers numerically, strings by UTF-16 code units; stable.
    private static JsonArray Sorted(List<JsonNode?> values)
    {
        var sorted = values.Select((v, i) => (v, i)).OrderBy(p => p, Comparer<(JsonNode? v, int i)>.Create((a, b) =>
        {
            var c = Compare(a.v, b.v);
            return c != 0 ? c : a.i.CompareTo(b.i);
        })).Select(p => p.v?.DeepClone());
        var array = new JsonArray();
        foreach (var v in sorted)
        {
            array.Add(v);
        }
        return array;
    }

    private static int Compare(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue av && b is JsonValue bv)
        {
            if (FieldValues.TryGetNumber(av, out var da) && FieldValues.TryGetNumber(bv, out var db))
            {
                return da.CompareTo(db);
            }
            if (av.TryGetValue<string>(out var sa) && bv.TryGetValue<string>(out var sb))
            {
                return string.CompareOrdinal(sa, sb);
            }
        }
        return 0;
    }
}
