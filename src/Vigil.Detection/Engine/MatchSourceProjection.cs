using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.RuleTypes;
using Vigil.Events.Projection;

namespace Vigil.Detection.Engine;

/// <summary>
/// What the streaming hunt's threshold and new_terms rules read of a matched event (their term, cardinality and
/// range-time fields), made on a reader worker thread: the event parsed there by <see cref="StrictJson"/> (so it is
/// accepted or refused exactly as on the delivering thread), cut to the top-level members on the path of one of those
/// fields, and parsed back. The one delivering thread then reads a few small members instead of parsing every
/// matched event whole, and the chunks in flight hold small objects, not whole parsed events.
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
    /// The projected event, or null when <see cref="StrictJson"/> refuses the line or it is not an object (the
    /// delivering thread then parses it itself and reports the problem as before).
    /// </summary>
    public JsonObject? Project(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> scratch)
    {
        JsonNode? parsed;
        try
        {
            parsed = StrictJson.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }
        if (parsed is not JsonObject whole)
        {
            return null;
        }
        scratch.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(scratch))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in whole)
            {
                if (keptKeys.Contains(key))
                {
                    writer.WritePropertyName(key);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }
                }
            }
            writer.WriteEndObject();
        }
        return (JsonObject)JsonNode.Parse(scratch.WrittenSpan, documentOptions: StrictJson.Options)!;
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
