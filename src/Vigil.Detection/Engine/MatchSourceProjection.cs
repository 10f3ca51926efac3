using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.RuleTypes;
using Vigil.Events.Projection;

namespace Vigil.Detection.Engine;

/// <summary>
/// What the streaming hunt's threshold and new_terms rules read of a matched event (their term, cardinality and
/// range-time fields), made on a reader worker thread: the top-level members on the path of one of those fields,
/// their bytes copied as they are and parsed by <see cref="StrictJson"/>, the rest of the line only tokenized. The one
/// delivering thread then reads a few small members instead of parsing every matched event whole, and the chunks in
/// flight hold small objects, not whole parsed events.
/// </summary>
internal sealed class MatchSourceProjection
{
    // Every dot-prefix of every field read ("host", "host.name" for host.name): a top-level key is one of them exactly
    // when FieldValues.Collect would descend into it for some field, so dropping the others changes no field's values.
    private readonly HashSet<string> keptKeys = new(StringComparer.Ordinal);

    private MatchSourceProjection(bool[] rules) => Rules = rules;

    /// <summary>By rule index: whether the rule reads its matches through the projection.</summary>
    public bool[] Rules { get; }

    /// <summary>The projection of the rules that can use it, or null when none can.</summary>
    public static MatchSourceProjection? For(IReadOnlyList<PreparedRule> rules)
    {
        var uses = new bool[rules.Count];
        var projection = new MatchSourceProjection(uses);
        var any = false;
        for (var r = 0; r < rules.Count; r++)
        {
            var fields = FieldsOf(rules[r]);
            if (fields is null)
            {
                continue;
            }
            any = true;
            uses[r] = true;
            foreach (var field in fields)
            {
                projection.Keep(field);
            }
        }
        return any ? projection : null;
    }

    /// <summary>
    /// The projected event: one JSON object of the kept top-level members' bytes as they are in the line (parse it
    /// with <see cref="Parse"/>); null when the line is not one JSON object the reader accepts (the delivering thread
    /// then parses it itself and reports the problem as before). Only for lines the worker's frame loaded, which
    /// refuses a repeated key anywhere, as <see cref="StrictJson"/> does. Bytes, not a parsed object: the chunks in
    /// flight hold a few hundred bytes per line and nothing the collector must trace.
    /// </summary>
    public byte[]? Project(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        Span<char> name = stackalloc char[128];
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            Append(scratch, "{"u8);
            var members = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var kept = IsKept(ref reader, name);
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                if (kept)
                {
                    if (members++ > 0)
                    {
                        Append(scratch, ","u8);
                    }
                    Append(scratch, line[nameStart..(int)reader.BytesConsumed]);
                }
            }
            Append(scratch, "}"u8);
            // Data after the object: the delivering thread reports it.
            return reader.Read() ? null : scratch.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A projection as the rule types read it; null (the record is then parsed whole) when it is not one object.</summary>
    public static JsonObject? Parse(byte[] projected)
    {
        try
        {
            return StrictJson.Parse(projected) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool IsKept(ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > buffer.Length)
        {
            return keptKeys.Contains(reader.GetString()!);
        }
        var written = reader.CopyString(buffer);
        return keptKeys.GetAlternateLookup<ReadOnlySpan<char>>().Contains(buffer[..written]);
    }

    private static void Append(ArrayBufferWriter<byte> scratch, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(scratch.GetSpan(bytes.Length));
        scratch.Advance(bytes.Length);
    }

    // The fields a rule type's accumulator and range time read; null for rules that read more (threat_match enriches
    // and copies the whole event) or that are no rule type.
    private static IEnumerable<string>? FieldsOf(PreparedRule prepared)
    {
        var rule = prepared.Rule;
        IEnumerable<string> times = rule.SecondaryTimestamp is { } secondary ? [rule.PrimaryTimestamp, secondary] : [rule.PrimaryTimestamp];
        return prepared.Matcher switch
        {
            ThresholdRuleMatcher threshold => threshold.Settings.CardinalityField is { } cardinality
                ? [.. threshold.Settings.Fields, cardinality, .. times]
                : [.. threshold.Settings.Fields, .. times],
            NewTermsRuleMatcher newTerms => [.. newTerms.Settings.Fields, .. times],
            _ => null,
        };
    }

    private void Keep(string field)
    {
        for (var dot = field.IndexOf('.'); dot >= 0; dot = field.IndexOf('.', dot + 1))
        {
            keptKeys.Add(field[..dot]);
        }
        keptKeys.Add(field);
    }
}
