using System.Text.Json.Nodes;
using Vigil.Detection.Json;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A threshold rule's <c>threshold</c>: the fields to group by (0 to 3; a single string is one field), the event
/// count a group must reach, and optionally a field whose distinct values must reach a count too.
/// </summary>
public sealed record ThresholdSettings(IReadOnlyList<string> Fields, long Value, string? CardinalityField, long CardinalityValue)
{
    public static ThresholdSettings? From(JsonObject definition, out string? problem)
    {
        problem = null;
        if (definition["threshold"] is not JsonObject t)
        {
            problem = "threshold rule without a threshold object";
            return null;
        }
        var fields = new List<string>();
        switch (t["field"])
        {
            case JsonValue v when v.TryGetValue<string>(out var one):
                if (one.Length > 0) fields.Add(one);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonValue iv && iv.TryGetValue<string>(out var f) && f.Length > 0) fields.Add(f);
                    else { problem = "threshold.field holds a value that is not a field name"; return null; }
                }
                break;
            case null:
                break;
            default:
                problem = "threshold.field is neither a field name nor a list of them";
                return null;
        }
        if (fields.Count > 3)
        {
            problem = $"threshold.field has {fields.Count} fields; Kibana allows at most 3";
            return null;
        }
        if (t["value"] is not JsonValue value || !FieldValues.TryGetNumber(value, out var count) || count < 1)
        {
            problem = "threshold.value must be a number of at least 1";
            return null;
        }
        string? cardinalityField = null;
        long cardinalityValue = 0;
        if (t["cardinality"] is JsonArray { Count: > 0 } cardinality)
        {
            if (cardinality[0] is JsonObject c && c["field"] is JsonValue cf && cf.TryGetValue<string>(out var name) && name.Length > 0 &&
                c["value"] is JsonValue cv && FieldValues.TryGetNumber(cv, out var n))
            {
                cardinalityField = name;
                cardinalityValue = (long)n;
            }
            else
            {
                problem = "threshold.cardinality[0] needs a field and a numeric value";
                return null;
            }
        }
        return new ThresholdSettings(fields, (long)Math.Ceiling(count), cardinalityField, cardinalityValue);
    }
}
