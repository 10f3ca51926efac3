using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Json;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// The terms an aggregation sees for a list of fields in one event: each field's non-null scalar values (arrays
/// give one value each), and every combination across fields, as a composite aggregation emits one bucket per
/// combination. An event missing any field gives none (composite sources without <c>missing_bucket</c>).
/// </summary>
internal static class TermValues
{
    /// <summary>Most combinations one event may add (3 fields of many array values would multiply).</summary>
    private const int MaxCombinations = 1024;

    public static List<JsonValue[]> Combinations(JsonObject source, IReadOnlyList<string> fields)
    {
        var result = new List<JsonValue[]> { new JsonValue[fields.Count] };
        for (var f = 0; f < fields.Count; f++)
        {
            var values = Scalars(source, fields[f]);
            if (values.Count == 0)
            {
                return [];
            }
            var next = new List<JsonValue[]>(result.Count * values.Count);
            foreach (var partial in result)
            {
                foreach (var v in values)
                {
                    if (next.Count >= MaxCombinations)
                    {
                        break;
                    }
                    var copy = (JsonValue[])partial.Clone();
                    copy[f] = v;
                    next.Add(copy);
                }
            }
            result = next;
        }
        return result;
    }

    /// <summary>A field's distinct non-null scalar values in document order.</summary>
    public static List<JsonValue> Scalars(JsonObject source, string field)
    {
        var values = new List<JsonValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in FieldValues.Get(source, field))
        {
            if (node is JsonValue v && v.GetValueKind() != System.Text.Json.JsonValueKind.Null && seen.Add(Text(v)))
            {
                values.Add(v);
            }
        }
        return values;
    }

    /// <summary>
    /// A copy of a parsed value that does not hold its event: a parsed value's DeepClone still points into the event's
    /// whole document (a JsonElement of a document that is not disposable clones to itself), so values kept past their
    /// event are parsed again from their own JSON text (which is what an alert writes).
    /// </summary>
    public static JsonValue Detach(JsonValue v) => (JsonValue)JsonNode.Parse(v.ToJsonString())!;

    /// <summary>A value as JavaScript's <c>String(value)</c> writes it (the text Kibana joins and hashes).</summary>
    public static string Text(JsonValue v) =>
        v.TryGetValue<string>(out var s) ? s : v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? ReasonFormatter.JsText(v) : v.ToJsonString();

    /// <summary>One key for a combination (unit separator between values; type-tagged so 1 and "1" differ).</summary>
    public static string Key(JsonValue[] combination)
    {
        var b = new System.Text.StringBuilder();
        foreach (var v in combination)
        {
            b.Append(v.GetValueKind() == System.Text.Json.JsonValueKind.String ? 's' : 'n').Append(Text(v)).Append('\u001f');
        }
        return b.ToString();
    }

    /// <summary>Composite order: each source ascending, numbers by value, strings by code unit.</summary>
    public static int Compare(JsonValue[] a, JsonValue[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            int c;
            if (a[i].GetValueKind() == System.Text.Json.JsonValueKind.Number && b[i].GetValueKind() == System.Text.Json.JsonValueKind.Number &&
                FieldValues.TryGetNumber(a[i], out var x) && FieldValues.TryGetNumber(b[i], out var y))
            {
                c = x.CompareTo(y);
            }
            else
            {
                c = string.CompareOrdinal(Text(a[i]), Text(b[i]));
            }
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }
}
