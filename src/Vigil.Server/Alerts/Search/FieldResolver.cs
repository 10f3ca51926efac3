using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// The values of a dotted field in a document whose keys may be dotted, nested or any mix of both
/// (<c>{"host.name":…}</c>, <c>{"host":{"name":…}}</c>), arrays flattened, nulls dropped: what Elasticsearch indexes
/// for the field.
/// </summary>
internal static class FieldResolver
{
    public static void Collect(JsonElement root, string path, List<JsonElement> values) => Walk(root, path, 0, values);

    private static void Walk(JsonElement node, string path, int start, List<JsonElement> values)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                Walk(item, path, start, values);
            }
            return;
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var rest = path.Length - start;
        foreach (var property in node.EnumerateObject())
        {
            var name = property.Name;
            if (name.Length > rest || string.CompareOrdinal(path, start, name, 0, name.Length) != 0)
            {
                continue;
            }
            if (name.Length == rest)
            {
                AddLeaf(property.Value, values);
            }
            else if (path[start + name.Length] == '.')
            {
                Walk(property.Value, path, start + name.Length + 1, values);
            }
        }
    }

    private static void AddLeaf(JsonElement value, List<JsonElement> values)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                AddLeaf(item, values);
            }
        }
        else if (value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            values.Add(value);
        }
    }
}
