using System.Text.Json.Nodes;

namespace Vigil.Detection.Json;

/// <summary>
/// Reads a field's values out of a JSON document the way Elasticsearch sees them: a path such as <c>process.name</c>
/// may be spelled as nested objects, as a dotted key, or as any mix of the two, and arrays (also arrays of objects)
/// contribute every value they hold.
/// </summary>
public static class FieldValues
{
    /// <summary>Appends every leaf value found at <paramref name="path"/> (arrays flattened) to <paramref name="into"/>.</summary>
    public static void Collect(JsonNode? node, string path, List<JsonNode?> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key.Length == path.Length && string.Equals(key, path, StringComparison.Ordinal))
                    {
                        AddLeaves(value, into);
                    }
                    else if (path.Length > key.Length && path[key.Length] == '.' && path.StartsWith(key, StringComparison.Ordinal))
                    {
                        Collect(value, path[(key.Length + 1)..], into);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, path, into);
                }
                break;
        }
    }

    /// <summary>Every leaf value at <paramref name="path"/>; empty when the field is absent.</summary>
    public static List<JsonNode?> Get(JsonNode? node, string path)
    {
        var values = new List<JsonNode?>();
        Collect(node, path, values);
        return values;
    }

    /// <summary>True when the field is present with at least one non-null value (Elasticsearch's <c>exists</c>).</summary>
    public static bool Exists(JsonNode? node, string path)
    {
        foreach (var value in Get(node, path))
        {
            if (value is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The value's text as a keyword field would index it: strings as they are, numbers and booleans as their JSON
    /// text; null for JSON null and for objects.
    /// </summary>
    public static string? AsKeyword(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>A JSON number's value, whatever CLR type backs the node (parsed or created).</summary>
    public static bool TryGetNumber(JsonValue value, out double number)
    {
        number = 0;
        if (value.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            return false;
        }
        return double.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    private static void AddLeaves(JsonNode? value, List<JsonNode?> into)
    {
        if (value is JsonArray array)
        {
            foreach (var item in array)
            {
                AddLeaves(item, into);
            }
        }
        else
        {
            into.Add(value);
        }
    }
}
