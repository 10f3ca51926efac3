using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Events.Json;

namespace Vigil.Events.Projection;

/// <summary>
/// Parses an event into a JSON node by the same rules as <see cref="EventFrame"/>: comments skipped, and a key
/// repeated in one object refused at parse time (a <see cref="JsonException"/>), as Elasticsearch refuses it, rather
/// than later, when a node's members are first enumerated and a dictionary throws on the second key.
/// </summary>
public static class StrictJson
{
    /// <summary>The options every event parse uses.</summary>
    public static JsonDocumentOptions Options { get; } = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Parses <paramref name="utf8"/>; throws <see cref="JsonException"/> on invalid JSON or a duplicate key. An
    /// escaped unpaired surrogate becomes U+FFFD, as the projection reads it (the DOM would throw when it is read).
    /// </summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(JsonStrings.WithUnpairedSurrogatesReplaced(utf8), documentOptions: Options);
}
