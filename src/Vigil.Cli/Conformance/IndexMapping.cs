using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Eql.Runtime;

namespace Vigil.Cli.Conformance;

/// <summary>
/// The parts of an Elasticsearch index mapping that change query semantics: field types (read as
/// <see cref="FieldCoercion"/>), aliases, null_value substitutes, custom date formats and runtime fields.
/// Accepts the QA files' <c>#</c> comment lines and the <c>[runtime_random_keyword_type]</c> placeholder (keyword).
/// </summary>
public sealed class IndexMapping
{
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonNode?> NullValues { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> DateFormats { get; } = new(StringComparer.Ordinal);

    /// <summary>Runtime fields (defined by a script; in the QA data they always fail).</summary>
    public HashSet<string> RuntimeFields { get; } = new(StringComparer.Ordinal);

    public static IndexMapping Load(string path)
    {
        var lines = File.ReadAllLines(path).Where(line => !line.TrimStart().StartsWith('#'));
        var text = string.Join('\n', lines).Replace("[runtime_random_keyword_type]", "keyword", StringComparison.Ordinal);
        var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var mapping = new IndexMapping();
        if (root?["mappings"] is JsonObject nested)
        {
            root = nested;
        }
        if (root?["properties"] is JsonObject properties)
        {
            mapping.Walk(properties, "");
        }
        if (root?["runtime"] is JsonObject runtime)
        {
            foreach (var (name, _) in runtime)
            {
                mapping.RuntimeFields.Add(name);
            }
        }
        return mapping;
    }

    private void Walk(JsonObject properties, string prefix)
    {
        foreach (var (name, node) in properties)
        {
            if (node is not JsonObject field)
            {
                continue;
            }
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            var type = field["type"]?.GetValue<string>();
            if (type == "alias")
            {
                if (field["path"]?.GetValue<string>() is { } target)
                {
                    Aliases[path] = target;
                }
                continue;
            }
            if (type is not null)
            {
                Types[path] = type;
            }
            if (field.ContainsKey("null_value"))
            {
                NullValues[path] = field["null_value"]?.DeepClone();
            }
            if (field["format"]?.GetValue<string>() is { } format)
            {
                DateFormats[path] = format;
            }
            if (field["properties"] is JsonObject children)
            {
                Walk(children, path);
            }
        }
    }

    /// <summary>How the runtime reads a mapped type.</summary>
    public static FieldCoercion CoercionOf(string type) => type switch
    {
        "keyword" or "constant_keyword" or "wildcard" or "text" or "match_only_text" or "ip" => FieldCoercion.Text,
        "long" or "integer" or "short" or "byte" or "unsigned_long" => FieldCoercion.Integer,
        "double" or "float" or "half_float" or "scaled_float" => FieldCoercion.Decimal,
        "boolean" => FieldCoercion.Boolean,
        "date" or "date_nanos" => FieldCoercion.Date,
        "version" => FieldCoercion.Version,
        _ => FieldCoercion.None,
    };
}
