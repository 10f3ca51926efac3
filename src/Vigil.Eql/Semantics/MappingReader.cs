using System.Text;
using System.Text.Json;

namespace Vigil.Eql.Semantics;

/// <summary>Flattens an Elasticsearch mapping into dotted field paths and types.</summary>
internal static class MappingReader
{
    // The ES QA mappings use this placeholder for "some keyword family type" (keyword or wildcard).
    private const string RandomKeywordPlaceholder = "[runtime_random_keyword_type]";

    public static Dictionary<string, FieldType> Read(JsonElement mapping)
    {
        var root = mapping;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("mappings", out var inner))
        {
            root = inner;
        }

        var types = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("properties", out var properties))
        {
            ReadProperties(properties, string.Empty, types, aliases);
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("runtime", out var runtime)
            && runtime.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in runtime.EnumerateObject())
            {
                types[field.Name] = TypeOf(field.Value);
            }
        }

        foreach (var (alias, target) in aliases)
        {
            types[alias] = types.TryGetValue(target, out var targetType) ? targetType : FieldType.Unsupported;
        }
        return types;
    }

    public static string StripCommentLines(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            builder.Append(line).Append('\n');
        }
        return builder.ToString();
    }

    private static void ReadProperties(
        JsonElement properties, string prefix, Dictionary<string, FieldType> types, Dictionary<string, string> aliases)
    {
        if (properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in properties.EnumerateObject())
        {
            var path = prefix + property.Name;
            var definition = property.Value;
            if (definition.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            if (definition.TryGetProperty("type", out var typeName) && typeName.ValueKind == JsonValueKind.String
                && typeName.GetString() == "alias")
            {
                if (definition.TryGetProperty("path", out var target) && target.ValueKind == JsonValueKind.String)
                {
                    aliases[path] = target.GetString()!;
                }
                continue;
            }

            types[path] = TypeOf(definition);
            if (definition.TryGetProperty("properties", out var children))
            {
                ReadProperties(children, path + ".", types, aliases);
            }
            if (definition.TryGetProperty("fields", out var multiFields) && multiFields.ValueKind == JsonValueKind.Object)
            {
                foreach (var multiField in multiFields.EnumerateObject())
                {
                    types[path + "." + multiField.Name] = TypeOf(multiField.Value);
                }
            }
        }
    }

    // A mapping entry without "type" but with "properties" is an object.
    private static FieldType TypeOf(JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            return FieldType.Unsupported;
        }
        if (!definition.TryGetProperty("type", out var typeName) || typeName.ValueKind != JsonValueKind.String)
        {
            return definition.TryGetProperty("properties", out _) ? FieldType.Object : FieldType.Unsupported;
        }
        var name = typeName.GetString()!;
        return name == RandomKeywordPlaceholder ? FieldType.Keyword : FieldTypes.FromMappingType(name);
    }
}
