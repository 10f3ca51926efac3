using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Rules;

/// <summary>
/// A free-form JSON value kept verbatim (filters, threat mappings, Timeline providers...), stored as compact JSON
/// text so that records holding it compare by content.
/// </summary>
public sealed record RawJson(string Text)
{
    /// <summary>Parses the text into a mutable node (a fresh copy each call).</summary>
    public JsonNode? ToNode() => JsonNode.Parse(Text);

    /// <summary>Wraps a node, writing it compactly.</summary>
    public static RawJson FromNode(JsonNode? node) => new(node?.ToJsonString(CompactOptions) ?? "null");

    /// <summary>Wraps an element, writing it compactly.</summary>
    public static RawJson FromElement(JsonElement element) => FromNode(JsonNode.Parse(element.GetRawText()));

    public override string ToString() => Text;

    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
