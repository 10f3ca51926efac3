using Vigil.Events.Readers;

namespace Vigil.Server.Store;

/// <summary>
/// The store's boundary check on one event: its source must be one line holding one JSON object (ingest compacts
/// JSON, so a line break here is a caller bug, and it would split the event in two on disk).
/// </summary>
internal static class IncomingEventCheck
{
    /// <summary>Bytes the event's line takes (source plus line feed); throws <see cref="ArgumentException"/> naming it when it cannot be stored.</summary>
    public static long LineBytes(IncomingEvent? incoming, int position)
    {
        if (incoming is null)
        {
            throw new ArgumentException($"event {position} of the batch is null", "events");
        }
        if (incoming.Index is null || incoming.Id is null)
        {
            throw new ArgumentException($"event {position} of the batch has no _index or _id", "events");
        }
        var source = incoming.Source.Span;
        if (source.Length < 2 || source[0] != (byte)'{' || source[^1] != (byte)'}')
        {
            throw new ArgumentException($"event {position} of the batch (_id {incoming.Id}): the source is not one JSON object", "events");
        }
        var lineBreak = source.IndexOfAny((byte)'\n', (byte)'\r');
        if (lineBreak >= 0)
        {
            throw new ArgumentException(
                $"event {position} of the batch (_id {incoming.Id}): the source has a line break at byte {lineBreak}; the store keeps one event per line, so ingest must compact it", "events");
        }
        var insertion = incoming.Insertion;
        if (!insertion.IsEmpty)
        {
            // Inside the object's braces, and no line break of its own: the written line stays one JSON object.
            if (insertion.At < 1 || insertion.At > source.Length - 1)
            {
                throw new ArgumentException($"event {position} of the batch (_id {incoming.Id}): its insertion at byte {insertion.At} is outside the object", "events");
            }
            if (insertion.Bytes.Span.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
            {
                throw new ArgumentException($"event {position} of the batch (_id {incoming.Id}): its insertion has a line break", "events");
            }
        }
        var length = incoming.LineLength;
        if (length > ReaderOptions.Default.MaxRecordBytes)
        {
            throw new ArgumentException(
                $"event {position} of the batch (_id {incoming.Id}): {length} bytes, over the {ReaderOptions.Default.MaxRecordBytes}-byte record limit of the readers", "events");
        }
        return length + 1L;
    }
}
