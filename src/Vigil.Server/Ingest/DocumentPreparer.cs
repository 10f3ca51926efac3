using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Vigil.Events.Json;

namespace Vigil.Server.Ingest;

/// <summary>
/// Checks one document as Elasticsearch's parser would refuse it (invalid UTF-8, invalid JSON, not an object, a field
/// twice in one object, an unreadable <c>@timestamp</c>) and makes it one store line: whitespace line breaks become
/// spaces (a raw line break can only be whitespace in valid JSON) and <c>event.ingested</c> is added, set to the
/// arrival second, when the document has none (as Fleet's final pipeline does). The added field travels as a
/// <see cref="Store.SourceInsertion"/> beside the request's own bytes, so a document without line breaks is not
/// copied here at all (the store copies it once into its write buffer); only a document with raw line breaks gets a
/// new array. One instance per request: it keeps scratch lists and the inserted bytes between documents.
/// </summary>
public sealed class DocumentPreparer
{
    private static readonly System.Buffers.SearchValues<byte> Whitespace = System.Buffers.SearchValues.Create(" \t\r\n"u8);
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 128 };

    private readonly DateTimeOffset arrival;
    private readonly byte[] ingestedValue;
    // The four insertions, by whether the document has an event object and whether a comma must follow.
    private readonly byte[][] insertions;
    // Names seen in each open object, as (offset, length) into the document; objectStarts marks where each object's begin.
    private readonly List<(int Offset, int Length)> names = new(64);
    private readonly Stack<int> objectStarts = new(16);

    public DocumentPreparer(DateTimeOffset arrival)
    {
        this.arrival = new DateTimeOffset(arrival.UtcTicks - (arrival.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        ingestedValue = Encoding.UTF8.GetBytes(this.arrival.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        insertions = [Insertion(inEvent: false, comma: false), Insertion(inEvent: false, comma: true), Insertion(inEvent: true, comma: false), Insertion(inEvent: true, comma: true)];
    }

    /// <summary>The arrival time written into documents without <c>event.ingested</c> (whole seconds, UTC).</summary>
    public DateTimeOffset Arrival => arrival;

    public PreparedDocument Prepare(ReadOnlyMemory<byte> document, string id)
    {
        var span = document.Span;
        int start = span.IndexOfAnyExcept(Whitespace);
        if (start < 0)
        {
            return PreparedDocument.Refused("document_parsing_exception", "failed to parse, document is empty");
        }
        int end = span.LastIndexOfAnyExcept(Whitespace) + 1;
        document = document[start..end];
        span = document.Span;
        if (!Utf8.IsValid(span))
        {
            return PreparedDocument.Refused("document_parsing_exception", InvalidUtf8Reason(span));
        }
        var scan = new DocumentScan();
        string? failure = Scan(span, id, ref scan);
        if (failure is not null)
        {
            return PreparedDocument.Refused("document_parsing_exception", failure);
        }
        bool breaks = span.IndexOfAny((byte)'\n', (byte)'\r') >= 0;
        DateTimeOffset ingested = scan.Ingested ?? arrival;
        if (scan.IngestedPresent || scan.EventIsNotObject)
        {
            return new PreparedDocument(breaks ? WithoutBreaks(span) : document, scan.Timestamp, ingested, null, null);
        }
        if (breaks)
        {
            return new PreparedDocument(WithIngested(span, scan), scan.Timestamp, ingested, null, null);
        }
        var (at, inserted) = IngestedInsertion(scan);
        return new PreparedDocument(document, scan.Timestamp, ingested, null, null) { Insertion = new Store.SourceInsertion(at, inserted) };
    }

    /// <summary>What one pass over a document found.</summary>
    private struct DocumentScan
    {
        public DateTimeOffset? Timestamp;
        public DateTimeOffset? Ingested;
        public int TopProperties;
        public int EventObjectStart;
        public int EventProperties;
        public bool EventIsNotObject;
        public bool IngestedPresent;
    }

    private enum Pending
    {
        None,
        Timestamp,
        Event,
        Ingested,
    }

    private string? Scan(ReadOnlySpan<byte> span, string id, ref DocumentScan scan)
    {
        names.Clear();
        objectStarts.Clear();
        scan.EventObjectStart = -1;
        var reader = new Utf8JsonReader(span, ReaderOptions);
        var pending = Pending.None;
        bool inEvent = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "[1:1] failed to parse: Malformed content, must start with an object";
            }
            objectStarts.Push(0);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var name = reader.ValueSpan;
                        int offset = (int)reader.TokenStartIndex + 1;
                        if (IsDuplicate(span, name))
                        {
                            return string.Create(CultureInfo.InvariantCulture,
                                $"[1:{reader.TokenStartIndex + 1}] failed to parse: Duplicate field '{JsonStrings.GetString(ref reader)}'");
                        }
                        names.Add((offset, name.Length));
                        int depth = reader.CurrentDepth;
                        pending = Pending.None;
                        if (depth == 1)
                        {
                            scan.TopProperties++;
                            if (name.SequenceEqual("@timestamp"u8))
                            {
                                pending = Pending.Timestamp;
                            }
                            else if (name.SequenceEqual("event"u8))
                            {
                                pending = Pending.Event;
                            }
                            else if (name.SequenceEqual("event.ingested"u8))
                            {
                                pending = Pending.Ingested;
                            }
                        }
                        else if (depth == 2 && inEvent)
                        {
                            scan.EventProperties++;
                            if (name.SequenceEqual("ingested"u8))
                            {
                                pending = Pending.Ingested;
                            }
                        }
                        break;
                    }
                    case JsonTokenType.StartObject:
                        objectStarts.Push(names.Count);
                        if (pending == Pending.Event)
                        {
                            inEvent = true;
                            scan.EventObjectStart = (int)reader.TokenStartIndex;
                        }
                        else if (pending != Pending.None)
                        {
                            return WrongType(pending, id, "an object");
                        }
                        pending = Pending.None;
                        break;
                    case JsonTokenType.EndObject:
                        names.RemoveRange(objectStarts.Peek(), names.Count - objectStarts.Peek());
                        objectStarts.Pop();
                        if (inEvent && reader.CurrentDepth == 1)
                        {
                            inEvent = false;
                        }
                        break;
                    case JsonTokenType.StartArray:
                        if (pending == Pending.Event)
                        {
                            scan.EventIsNotObject = true;
                        }
                        else if (pending != Pending.None)
                        {
                            return WrongType(pending, id, "an array");
                        }
                        pending = Pending.None;
                        break;
                    case JsonTokenType.EndArray:
                        break;
                    default:
                        if (pending is Pending.Timestamp or Pending.Ingested)
                        {
                            string? bad = ReadTime(ref reader, pending, id, ref scan);
                            if (bad is not null)
                            {
                                return bad;
                            }
                        }
                        else if (pending == Pending.Event)
                        {
                            scan.EventIsNotObject = true;
                        }
                        pending = Pending.None;
                        break;
                }
            }
        }
        catch (JsonException bad)
        {
            string message = bad.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return string.Create(CultureInfo.InvariantCulture, $"[1:{(bad.BytePositionInLine ?? 0) + 1}] failed to parse: {(cut > 0 ? message[..cut] : message)}");
        }
        return null;
    }

    private bool IsDuplicate(ReadOnlySpan<byte> span, ReadOnlySpan<byte> name)
    {
        for (int i = objectStarts.Peek(); i < names.Count; i++)
        {
            var (offset, length) = names[i];
            if (length == name.Length && span.Slice(offset, length).SequenceEqual(name))
            {
                return true;
            }
        }
        return false;
    }

    private static string? ReadTime(ref Utf8JsonReader reader, Pending field, string id, ref DocumentScan scan)
    {
        if (field == Pending.Ingested)
        {
            scan.IngestedPresent = true;
        }
        DateTimeOffset time;
        bool ok;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                ok = reader.ValueIsEscaped ? EventTime.TryParseText(Encoding.UTF8.GetBytes(JsonStrings.GetString(ref reader)), out time) : EventTime.TryParseText(reader.ValueSpan, out time);
                break;
            case JsonTokenType.Number:
                ok = reader.TryGetDouble(out double millis) & EventTime.TryFromMillis(millis, out time);
                break;
            default:
                ok = false;
                time = default;
                break;
        }
        string fieldName = field == Pending.Timestamp ? "@timestamp" : "event.ingested";
        if (!ok)
        {
            string preview = reader.TokenType == JsonTokenType.String ? JsonStrings.GetString(ref reader) : Encoding.UTF8.GetString(reader.ValueSpan);
            return $"failed to parse field [{fieldName}] of type [date] in document with id '{id}'. Preview of field's value: '{preview}'";
        }
        if (field == Pending.Timestamp)
        {
            scan.Timestamp = time;
        }
        else
        {
            scan.Ingested = time;
        }
        return null;
    }

    private static string WrongType(Pending field, string id, string what)
    {
        string fieldName = field == Pending.Timestamp ? "@timestamp" : "event.ingested";
        return $"failed to parse field [{fieldName}] of type [date] in document with id '{id}'. Preview of field's value: {what}";
    }

    private static string InvalidUtf8Reason(ReadOnlySpan<byte> span)
    {
        int at = InvalidUtf8.FirstOffset(span);
        return string.Create(CultureInfo.InvariantCulture, $"[1:{at + 1}] failed to parse: Invalid UTF-8 byte 0x{span[at]:x2} at byte offset {at}");
    }

    private static byte[] WithoutBreaks(ReadOnlySpan<byte> span)
    {
        byte[] copy = span.ToArray();
        copy.AsSpan().Replace((byte)'\r', (byte)' ');
        copy.AsSpan().Replace((byte)'\n', (byte)' ');
        return copy;
    }

    /// <summary>
    /// Where <c>"ingested":"…"</c> goes, first in the document's <c>event</c> object, or <c>"event":{"ingested":"…"}</c>
    /// first in the document when it has no <c>event</c>; with a comma when properties follow it.
    /// </summary>
    private (int At, byte[] Bytes) IngestedInsertion(in DocumentScan scan) => scan.EventObjectStart >= 0
        ? (scan.EventObjectStart + 1, insertions[2 + (scan.EventProperties > 0 ? 1 : 0)])
        : (1, insertions[scan.TopProperties > 0 ? 1 : 0]);

    private byte[] Insertion(bool inEvent, bool comma)
    {
        ReadOnlySpan<byte> head = inEvent ? "\"ingested\":\""u8 : "\"event\":{\"ingested\":\""u8;
        ReadOnlySpan<byte> tail = inEvent ? "\""u8 : "\"}"u8;
        return [.. head, .. ingestedValue, .. tail, .. (comma ? ","u8 : []) ];
    }

    /// <summary>The document with its insertion and its raw line breaks made spaces, as a new array.</summary>
    private byte[] WithIngested(ReadOnlySpan<byte> span, in DocumentScan scan)
    {
        var (at, inserted) = IngestedInsertion(scan);
        byte[] result = new Store.SourceInsertion(at, inserted).ToArrayWith(span);
        result.AsSpan().Replace((byte)'\r', (byte)' ');
        result.AsSpan().Replace((byte)'\n', (byte)' ');
        return result;
    }
}
