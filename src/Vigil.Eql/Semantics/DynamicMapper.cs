using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vigil.Eql.Semantics;

/// <summary>
/// Adds the fields Elasticsearch's default dynamic mapping would create for documents indexed into a non-strict
/// mapping: whole numbers → long, other numbers → float, booleans → boolean, date-looking strings → date, other
/// strings → text with a <c>.keyword</c> multi-field, objects → object. The first document to show a field decides.
/// </summary>
internal static partial class DynamicMapper
{
    public static void Add(JsonElement document, string prefix, Dictionary<string, FieldType> types)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in document.EnumerateObject())
        {
            AddValue(prefix + property.Name, property.Value, types);
        }
    }

    private static void AddValue(string path, JsonElement value, Dictionary<string, FieldType> types)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                types.TryAdd(path, FieldType.Object);
                Add(value, path + ".", types);
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddValue(path, item, types);
                }
                break;
            case JsonValueKind.String:
                if (types.ContainsKey(path))
                {
                    break;
                }
                if (LooksLikeDate(value.GetString()!))
                {
                    types.Add(path, FieldType.Date);
                }
                else
                {
                    types.Add(path, FieldType.Text);
                    types.TryAdd(path + ".keyword", FieldType.Keyword);
                }
                break;
            case JsonValueKind.Number:
                types.TryAdd(path, value.TryGetInt64(out _) ? FieldType.Long : FieldType.Float);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                types.TryAdd(path, FieldType.Boolean);
                break;
        }
    }

    // Elasticsearch's default dynamic_date_formats: strict_date_optional_time and "yyyy/MM/dd HH:mm:ss Z||yyyy/MM/dd Z".
    private static bool LooksLikeDate(string text) => IsoDate().IsMatch(text) || SlashDate().IsMatch(text);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}( \d{2}:\d{2}:\d{2})?( ?(Z|[+-]\d{2}:?\d{2}))?$")]
    private static partial Regex SlashDate();
}
