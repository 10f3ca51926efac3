using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// <c>_source</c>: true (whole), false (none), or include / exclude patterns over dotted paths (<c>*</c> wildcards); a
/// pattern that names an object includes everything under it.
/// </summary>
internal sealed class SourceFilter
{
    public static readonly SourceFilter Whole = new(true, [], []);
    public static readonly SourceFilter None = new(false, [], []);

    private readonly IReadOnlyList<string> _includes;
    private readonly IReadOnlyList<string> _excludes;

    public SourceFilter(bool enabled, IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        Enabled = enabled;
        _includes = includes;
        _excludes = excludes;
    }

    public bool Enabled { get; }

    public bool IsWhole => Enabled && _includes.Count == 0 && _excludes.Count == 0;

    /// <summary>The filtered document (for <see cref="IsWhole"/> the caller writes the stored text as it is).</summary>
    public JsonObject Apply(JsonElement root) => (JsonObject)(Filter(root, "", _includes.Count == 0) ?? new JsonObject());

    private JsonNode? Filter(JsonElement node, string path, bool included)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            var obj = new JsonObject();
            foreach (var p in node.EnumerateObject())
            {
                var childPath = path.Length == 0 ? p.Name : path + "." + p.Name;
                if (Matches(_excludes, childPath))
                {
                    continue;
                }
                var childIncluded = included || Matches(_includes, childPath);
                if (!childIncluded && p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                {
                    continue;
                }
                if (Filter(p.Value, childPath, childIncluded) is { } kept)
                {
                    obj[p.Name] = kept;
                }
                else if (childIncluded && p.Value.ValueKind == JsonValueKind.Null)
                {
                    obj[p.Name] = null;
                }
            }
            return obj.Count > 0 || (included && path.Length > 0) ? obj : path.Length == 0 ? obj : null;
        }
        if (node.ValueKind == JsonValueKind.Array)
        {
            var array = new JsonArray();
            foreach (var item in node.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    if (Filter(item, path, included) is JsonObject o && (included || o.Count > 0)) array.Add(o);
                }
                else if (included)
                {
                    array.Add(JsonNode.Parse(item.GetRawText()));
                }
            }
            return array.Count > 0 || included ? array : null;
        }
        return included ? JsonNode.Parse(node.GetRawText()) : null;
    }

    private static bool Matches(IReadOnlyList<string> patterns, string path)
    {
        foreach (var pattern in patterns)
        {
            // The path itself, or any object above it (a dotted key "host.name" lies under "host").
            if (DslValues.Wildcard(pattern, path, caseInsensitive: false))
            {
                return true;
            }
            for (var dot = path.IndexOf('.'); dot > 0; dot = path.IndexOf('.', dot + 1))
            {
                if (DslValues.Wildcard(pattern, path[..dot], caseInsensitive: false))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
