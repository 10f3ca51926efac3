using System.Text.Json;

namespace Vigil.Rules.Guides;

/// <summary>The configuration of an <c>!{osquery{...}}</c> block.</summary>
/// <param name="Label">The button label, or null (Kibana then shows "Run Osquery").</param>
/// <param name="Query">The SQL, possibly with <c>{{field}}</c> placeholders.</param>
/// <param name="EcsMappingJson">The <c>ecs_mapping</c> object as JSON text, or null.</param>
public sealed record OsqueryButton(string? Label, string Query, string? EcsMappingJson)
{
    /// <summary>Reads the block's JSON object; returns null and an error when it is not a usable configuration.</summary>
    public static OsqueryButton? TryRead(string json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the configuration is not a JSON object";
                return null;
            }

            string? label = root.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            if (!root.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String)
            {
                error = "the configuration has no \"query\" string";
                return null;
            }

            string? mapping = root.TryGetProperty("ecs_mapping", out var m) && m.ValueKind == JsonValueKind.Object
                ? m.GetRawText()
                : null;
            return new OsqueryButton(label, q.GetString()!, mapping);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }
}
