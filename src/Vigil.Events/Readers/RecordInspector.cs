using System.Text;
using System.Text.Json;
using Vigil.Events.Projection;
using Vigil.Events.Json;

namespace Vigil.Events.Readers;

/// <summary>
/// Parses one JSON object fully (structure, depth) and notes the envelope members Elasticsearch exports carry:
/// <c>_source</c>, <c>_index</c>, <c>_id</c>, or a bulk action such as <c>{"index":{"_index":..}}</c>.
/// </summary>
internal sealed class RecordInspector(int maxDepth)
{
    private readonly JsonReaderOptions _options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = maxDepth,
    };

    private readonly DuplicateKeyFinder _duplicates = new();
    private byte[] _index = new byte[256];
    private byte[] _id = new byte[256];

    public ReadOnlySpan<byte> Index(in RecordInspection inspection) =>
        inspection.IndexLength < 0 ? default : _index.AsSpan(0, inspection.IndexLength);

    public ReadOnlySpan<byte> Id(in RecordInspection inspection) =>
        inspection.IdLength < 0 ? default : _id.AsSpan(0, inspection.IdLength);

    /// <summary>Inspects <paramref name="value"/>; false (with the error filled in) when it is not valid JSON.</summary>
    public bool Inspect(ReadOnlySpan<byte> value, out RecordInspection inspection)
    {
        inspection = new RecordInspection { SourceStart = -1, IndexLength = -1, IdLength = -1 };
        var reader = new Utf8JsonReader(value, isFinalBlock: true, new JsonReaderState(_options));
        try
        {
            if (!reader.Read())
            {
                inspection.Error = "expected a JSON object";
                return false;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                inspection.Error = "expected a JSON object";
                return false;
            }
            _duplicates.Reset();
            int root = _duplicates.BeginObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                inspection.PropertyCount++;
                if (!_duplicates.Add(root, ref reader))
                {
                    return Duplicate(ref reader, value, ref inspection);
                }
                if (reader.ValueTextEquals("_source"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        inspection.SourceStart = (int)reader.TokenStartIndex;
                        if (!_duplicates.SkipChecked(ref reader))
                        {
                            return Duplicate(ref reader, value, ref inspection);
                        }
                        inspection.SourceEnd = (int)reader.BytesConsumed;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("_index"u8))
                {
                    reader.Read();
                    inspection.IndexLength = CopyString(ref reader, ref _index);
                }
                else if (reader.ValueTextEquals("_id"u8))
                {
                    reader.Read();
                    inspection.IdLength = CopyString(ref reader, ref _id);
                }
                else if (reader.ValueTextEquals("@timestamp"u8))
                {
                    reader.Read();
                    var start = reader.TokenStartIndex;
                    if (UnreadableTimestamp(ref reader) is { } problem)
                    {
                        // Elasticsearch rejects a document whose date does not parse, whether or not a rule would look at it.
                        inspection.Error = problem;
                        inspection.ErrorByteInLine = start;
                        return false;
                    }
                    if (!_duplicates.SkipChecked(ref reader))
                    {
                        return Duplicate(ref reader, value, ref inspection);
                    }
                }
                else if (inspection.PropertyCount == 1 && ActionOf(ref reader) is var action && action != BulkAction.None)
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject && ReadActionMetadata(ref reader, ref inspection))
                    {
                        inspection.Action = action;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    if (!_duplicates.SkipChecked(ref reader))
                    {
                        return Duplicate(ref reader, value, ref inspection);
                    }
                }
            }
            if (reader.Read())
            {
                inspection.Error = "unexpected data after the JSON object";
                inspection.ErrorByteInLine = reader.TokenStartIndex;
                return false;
            }
            if (inspection.PropertyCount != 1)
            {
                inspection.Action = BulkAction.None;
            }
            return true;
        }
        catch (JsonException exception)
        {
            inspection.Error = JsonErrorText.Describe(exception);
            inspection.ErrorLine = exception.LineNumber ?? 0;
            inspection.ErrorByteInLine = exception.BytePositionInLine ?? 0;
            return false;
        }
        catch (InvalidOperationException)
        {
            // Thrown when a string that must be decoded (_index, _id) is not valid UTF-8.
            inspection.Error = "invalid UTF-8 in a string";
            inspection.ErrorByteInLine = reader.TokenStartIndex;
            return false;
        }
    }

    /// <summary>
    /// The reason a top-level <c>@timestamp</c> value cannot be placed in time (the same reading as the rules': ISO 8601 or
    /// epoch milliseconds, years 1677 to 2262), or null when it can, or when it is null, an array or an object (left to
    /// the rule that reads it).
    /// </summary>
    private static string? UnreadableTimestamp(ref Utf8JsonReader reader)
    {
        string shown;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped && EventTimestamp.TryParse(reader.ValueSpan, out _))
                {
                    return null;
                }
                var text = JsonStrings.GetString(ref reader);
                if (reader.ValueIsEscaped && EventTimestamp.TryParse(text.AsSpan(), out _))
                {
                    return null;
                }
                shown = "\"" + (text.Length > 60 ? text[..57] + "..." : text) + "\"";
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var ms) ? EventTimestamp.TryFromEpochMillis(ms, out _)
                    : reader.TryGetDouble(out var d) && EventTimestamp.TryFromEpochMillis(d, out _))
                {
                    return null;
                }
                var raw = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                shown = raw.Length > 60 ? raw[..57] + "..." : raw;
                break;
            case JsonTokenType.True:
                shown = "true";
                break;
            case JsonTokenType.False:
                shown = "false";
                break;
            default:
                return null;
        }
        return $"field '@timestamp' holds {Vigil.Events.Text.SafeText.Neutralise(shown)}, which is not a date it can read (ISO 8601 or epoch milliseconds, years 1677 to 2262); the event is skipped, as Elasticsearch would reject it";
    }

    /// <summary>Reads <c>{"_index":..,"_id":..}</c>; false when a member does not look like bulk metadata.</summary>
    private bool ReadActionMetadata(ref Utf8JsonReader reader, ref RecordInspection inspection)
    {
        int depth = reader.CurrentDepth;
        bool metadataOnly = true;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (reader.ValueTextEquals("_index"u8))
            {
                reader.Read();
                inspection.IndexLength = CopyString(ref reader, ref _index);
            }
            else if (reader.ValueTextEquals("_id"u8))
            {
                reader.Read();
                inspection.IdLength = CopyString(ref reader, ref _id);
            }
            else
            {
                // Bulk metadata keys start with '_' (or are known extras such as "routing", "pipeline").
                ReadOnlySpan<byte> name = reader.HasValueSequence ? default : reader.ValueSpan;
                if (name.IsEmpty || (name[0] != (byte)'_' && !name.SequenceEqual("routing"u8) &&
                                     !name.SequenceEqual("pipeline"u8) && !name.SequenceEqual("require_alias"u8) &&
                                     !name.SequenceEqual("version"u8) && !name.SequenceEqual("version_type"u8) &&
                                     !name.SequenceEqual("if_seq_no"u8) && !name.SequenceEqual("if_primary_term"u8) &&
                                     !name.SequenceEqual("dynamic_templates"u8) && !name.SequenceEqual("retry_on_conflict"u8)))
                {
                    metadataOnly = false;
                }
                reader.Read();
                reader.Skip();
            }
        }
        return metadataOnly;
    }

    private static BulkAction ActionOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("index"u8) ? BulkAction.Index
        : reader.ValueTextEquals("create"u8) ? BulkAction.Create
        : reader.ValueTextEquals("delete"u8) ? BulkAction.Delete
        : reader.ValueTextEquals("update"u8) ? BulkAction.Update
        : BulkAction.None;

    private static int CopyString(ref Utf8JsonReader reader, ref byte[] scratch)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return -1;
        }
        int needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (scratch.Length < needed)
        {
            scratch = new byte[Math.Max(needed, scratch.Length * 2)];
        }
        return JsonStrings.CopyString(ref reader, scratch);
    }

    /// <summary>A repeated key: rejected as Elasticsearch rejects such a document, at the second occurrence.</summary>
    private static bool Duplicate(ref Utf8JsonReader reader, ReadOnlySpan<byte> value, ref RecordInspection inspection)
    {
        int offset = (int)reader.TokenStartIndex;
        string name = JsonStrings.GetString(ref reader);
        inspection.Error = $"duplicate field '{name}' (Elasticsearch rejects a document whose object repeats a key)";
        ReadOnlySpan<byte> before = value[..offset];
        int lastNewline = before.LastIndexOf((byte)'\n');
        inspection.ErrorLine = before.Count((byte)'\n');
        inspection.ErrorByteInLine = offset - (lastNewline + 1);
        return false;
    }
}
