using System.Text.Json;

namespace Vigil.Eql.Runtime;

/// <summary>
/// The current event as a JSON tree, parsed on first use and kept until the frame holds another event. The Endgame
/// dialect's array functions, array indexes (<c>field[0].sub</c>) and bound variables walk whole arrays and objects,
/// which the flattened frame slots do not keep; the tree is built only for events that reach such an expression.
/// </summary>
public sealed class EventDocument : IDisposable
{
    private JsonDocument? document;
    private long generation = -1;

    /// <summary>The root of <paramref name="source"/> (the frame's event), parsed once per <paramref name="frameGeneration"/>.</summary>
    public JsonElement RootOf(ReadOnlySpan<byte> source, long frameGeneration)
    {
        if (generation != frameGeneration || document is null)
        {
            document?.Dispose();
            document = null;
            generation = frameGeneration;
            try
            {
                document = JsonDocument.Parse(source.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException)
            {
                // The frame already accepted the event; a tree it cannot build reads as an empty object.
                document = JsonDocument.Parse("{}");
            }
        }
        return document.RootElement;
    }

    public void Dispose()
    {
        document?.Dispose();
        document = null;
    }
}
