using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Rules;
using Vigil.Events.Json;

namespace Vigil.Detection.Engine;

/// <summary>
/// The time a rule's range filter sees (<see cref="DetectionEngine.RangeTime"/>) read from raw bytes: a top-level
/// string field without dots (the usual <c>@timestamp</c>) is found by a token scan that stops at it; anything else
/// (dotted paths, arrays, numbers, unparsable text, a missing field) falls back to the full parse, so the answer is
/// always <see cref="DetectionEngine.RangeTime"/>'s. The streaming schedule reads every event's time; a DOM per event
/// would cost more than the search itself.
/// </summary>
internal sealed class RangeTimeReader
{
    private readonly DetectionRule rule;
    private readonly byte[]? fastField;

    public RangeTimeReader(DetectionRule rule)
    {
        this.rule = rule;
        fastField = rule.PrimaryTimestamp.Contains('.', StringComparison.Ordinal) ? null : Encoding.UTF8.GetBytes(rule.PrimaryTimestamp);
    }

    /// <summary>False with the parser's message when the event is not JSON (only the fallback can tell).</summary>
    public bool TryRead(ReadOnlySpan<byte> source, out DateTimeOffset? time, out string? error)
    {
        error = null;
        if (fastField is not null && TryFast(source, out var fast))
        {
            time = fast;
            return true;
        }
        try
        {
            time = DetectionEngine.RangeTime(Vigil.Events.Projection.StrictJson.Parse(source), rule);
            return true;
        }
        catch (JsonException e)
        {
            time = null;
            error = Vigil.Events.Projection.JsonErrorText.Describe(e);
            return false;
        }
    }

    private bool TryFast(ReadOnlySpan<byte> source, out DateTimeOffset time)
    {
        time = default;
        var reader = new Utf8JsonReader(source);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(fastField);
                if (!reader.Read())
                {
                    return false;
                }
                if (!match)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }
                var text = JsonStrings.GetString(ref reader);
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
                {
                    time = AlertTime.TruncateToMilliseconds(time);
                    return true;
                }
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
                {
                    time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    return true;
                }
                return false;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
