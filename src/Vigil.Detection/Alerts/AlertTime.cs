using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Detection.Json;

namespace Vigil.Detection.Alerts;

/// <summary>Timestamps as Kibana reads and writes them (JavaScript <c>Date</c>: millisecond precision, UTC, <c>Z</c>).</summary>
public static class AlertTime
{
    /// <summary><c>Date.prototype.toISOString()</c>: <c>2024-05-01T12:00:00.000Z</c>.</summary>
    public static string ToIso(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Truncates to whole milliseconds (Elasticsearch <c>date</c> precision).</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>
    /// Reads a date field's first value: an ISO-8601 string or epoch milliseconds (number or numeric string).
    /// </summary>
    public static bool TryRead(JsonNode? document, string field, out DateTimeOffset time)
    {
        time = default;
        foreach (var value in FieldValues.Get(document, field))
        {
            if (value is not JsonValue v)
            {
                continue;
            }
            if (v.TryGetValue<string>(out var s))
            {
                if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
                {
                    time = TruncateToMilliseconds(time);
                    return true;
                }
                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var msText))
                {
                    time = DateTimeOffset.FromUnixTimeMilliseconds(msText);
                    return true;
                }
                return false;
            }
            if (FieldValues.TryGetNumber(v, out var ms) && !double.IsNaN(ms) && Math.Abs(ms) < 8.64e15)
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(ms));
                return true;
            }
            return false;
        }
        return false;
    }
}
