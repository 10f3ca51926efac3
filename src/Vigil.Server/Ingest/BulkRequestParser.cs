using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Server.Ingest;

/// <summary>
/// Splits a <c>_bulk</c> body into actions the way Elasticsearch does: every line ends with a line feed (the last one
/// too), a trailing carriage return is dropped, blank action lines are skipped, <c>delete</c> has no document line and
/// every other action has exactly one. A line that is not a valid action refuses the whole request with its number;
/// documents are not looked at here (a bad document fails only its own item, later).
/// </summary>
public static class BulkRequestParser
{
    private static readonly JsonReaderOptions ActionReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 };

    public static void Parse(ReadOnlyMemory<byte> body, string? defaultIndex, List<BulkOperation> operations)
    {
        var span = body.Span;
        int from = 0;
        int line = 0;
        (string? Name, byte[] Utf8) lastIndex = (null, []);
        while (from < span.Length)
        {
            int end = NextLineEnd(span, from);
            line++;
            var action = TrimCarriageReturn(span[from..end]);
            from = end + 1;
            if (IsBlank(action))
            {
                continue;
            }
            int actionLine = line;
            var (kind, index, id) = ParseAction(action, actionLine, defaultIndex, ref lastIndex);
            if (kind == BulkActionKind.Delete)
            {
                operations.Add(new BulkOperation(kind, index, id, ReadOnlyMemory<byte>.Empty, actionLine));
                continue;
            }
            if (from >= span.Length)
            {
                throw new BulkFormatException("illegal_argument_exception",
                    $"Action/metadata line [{actionLine}] is the last line: the document line of its [{ActionName(kind)}] action is missing");
            }
            int sourceEnd = NextLineEnd(span, from);
            line++;
            int sourceLength = sourceEnd - from;
            if (sourceLength > 0 && span[sourceEnd - 1] == (byte)'\r')
            {
                sourceLength--;
            }
            operations.Add(new BulkOperation(kind, index, id, body.Slice(from, sourceLength), actionLine));
            from = sourceEnd + 1;
        }
    }

    public static string ActionName(BulkActionKind kind) => kind switch
    {
        BulkActionKind.Index => "index",
        BulkActionKind.Create => "create",
        BulkActionKind.Update => "update",
        _ => "delete",
    };

    private static int NextLineEnd(ReadOnlySpan<byte> span, int from)
    {
        int offset = span[from..].IndexOf((byte)'\n');
        if (offset < 0)
        {
            throw new BulkFormatException("illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
        }
        return from + offset;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0;

    private static (BulkActionKind Kind, string? Index, string? Id) ParseAction(ReadOnlySpan<byte> action, int line, string? defaultIndex, ref (string? Name, byte[] Utf8) lastIndex)
    {
        // The JSON reader checks UTF-8 only in the values it decodes, and then throws an exception that is not a
        // JsonException: the whole line is checked first, so bad bytes anywhere refuse the request with their place.
        int invalid = InvalidUtf8.FirstOffset(action);
        if (invalid >= 0)
        {
            throw new BulkFormatException("x_content_parse_exception", string.Create(CultureInfo.InvariantCulture,
                $"[{line}:{invalid + 1}] Malformed action/metadata line [{line}]: Invalid UTF-8 byte 0x{action[invalid]:x2} at byte offset {invalid}"));
        }
        var reader = new Utf8JsonReader(action, ActionReaderOptions);
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, line, "START_OBJECT");
            Expect(ref reader, JsonTokenType.PropertyName, line, "FIELD_NAME");
            BulkActionKind kind;
            if (reader.ValueTextEquals("create"u8))
            {
                kind = BulkActionKind.Create;
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                kind = BulkActionKind.Index;
            }
            else if (reader.ValueTextEquals("update"u8))
            {
                kind = BulkActionKind.Update;
            }
            else if (reader.ValueTextEquals("delete"u8))
            {
                kind = BulkActionKind.Delete;
            }
            else
            {
                throw new BulkFormatException("illegal_argument_exception",
                    $"Malformed action/metadata line [{line}], expected one of [create, delete, index, update] but found [{JsonStrings.GetString(ref reader)}]");
            }
            string? index = defaultIndex;
            string? id = null;
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.EndObject))
            {
                throw new BulkFormatException("illegal_argument_exception",
                    $"Malformed action/metadata line [{line}], expected START_OBJECT or END_OBJECT but found [{TokenName(reader.TokenType)}]");
            }
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string field = JsonStrings.GetString(ref reader);
                    reader.Read();
                    switch (field)
                    {
                        case "_index":
                            // Consecutive items almost always name the same index: reuse its string.
                            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && lastIndex.Name is not null
                                && reader.ValueSpan.SequenceEqual(lastIndex.Utf8))
                            {
                                index = lastIndex.Name;
                                break;
                            }
                            index = ScalarText(ref reader, line, field);
                            if (index is not null && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                            {
                                lastIndex = (index, reader.ValueSpan.ToArray());
                            }
                            break;
                        case "_id":
                            id = ScalarText(ref reader, line, field);
                            break;
                        case "op_type":
                            if (ScalarText(ref reader, line, field) == "create" && kind == BulkActionKind.Index)
                            {
                                kind = BulkActionKind.Create;
                            }
                            break;
                        case "_source" or "dynamic_templates":
                            reader.Skip();
                            break;
                        case "routing" or "version" or "version_type" or "if_seq_no" or "if_primary_term" or "retry_on_conflict"
                            or "pipeline" or "require_alias" or "require_data_stream" or "list_executed_pipelines":
                            ScalarText(ref reader, line, field);
                            break;
                        default:
                            throw new BulkFormatException("illegal_argument_exception", $"Action/metadata line [{line}] contains an unknown parameter [{field}]");
                    }
                }
                if (reader.TokenType != JsonTokenType.EndObject)
                {
                    throw new BulkFormatException("illegal_argument_exception",
                        $"Malformed action/metadata line [{line}], expected FIELD_NAME or END_OBJECT but found [{TokenName(reader.TokenType)}]");
                }
            }
            Expect(ref reader, JsonTokenType.EndObject, line, "END_OBJECT");
            if (reader.Read())
            {
                throw new BulkFormatException("illegal_argument_exception",
                    $"Malformed action/metadata line [{line}], expected END_OBJECT but found [{TokenName(reader.TokenType)}]");
            }
            if (index is null)
            {
                throw new BulkFormatException("action_request_validation_exception", $"Validation Failed: 1: index is missing (action/metadata line [{line}]);");
            }
            return (kind, index, id);
        }
        catch (JsonException bad)
        {
            throw new BulkFormatException("x_content_parse_exception",
                string.Create(CultureInfo.InvariantCulture, $"[{line}:{(bad.BytePositionInLine ?? 0) + 1}] Malformed action/metadata line [{line}]: {FirstSentence(bad.Message)}"));
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, int line, string expected)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new BulkFormatException("illegal_argument_exception",
                $"Malformed action/metadata line [{line}], expected {expected} but found [{TokenName(reader.TokenType)}]");
        }
    }

    private static string? ScalarText(ref Utf8JsonReader reader, int line, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return JsonStrings.GetString(ref reader);
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.Null:
                return null;
            default:
                throw new BulkFormatException("illegal_argument_exception",
                    $"Malformed action/metadata line [{line}], expected a simple value for field [{field}] but found [{TokenName(reader.TokenType)}]");
        }
    }

    private static string TokenName(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "START_OBJECT",
        JsonTokenType.EndObject => "END_OBJECT",
        JsonTokenType.StartArray => "START_ARRAY",
        JsonTokenType.EndArray => "END_ARRAY",
        JsonTokenType.PropertyName => "FIELD_NAME",
        JsonTokenType.String => "VALUE_STRING",
        JsonTokenType.Number => "VALUE_NUMBER",
        JsonTokenType.True or JsonTokenType.False => "VALUE_BOOLEAN",
        JsonTokenType.Null => "VALUE_NULL",
        _ => "null",
    };

    /// <summary>System.Text.Json appends "LineNumber: 0 | BytePositionInLine: n." — the position is already in the prefix.</summary>
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
