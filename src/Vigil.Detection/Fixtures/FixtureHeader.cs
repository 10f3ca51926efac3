using System.Globalization;
using System.Text.Json;

namespace Vigil.Detection.Fixtures;

/// <summary>
/// A fixture's optional first line <c>{"//": ..., "schedule": true, "start": TIME, "end": TIME, "threat": FILE}</c>:
/// run on Kibana's schedule between those times instead of one hunt, and the indicators for threat_match rules;
/// <c>"expect_docs_count": N</c> also checks the suppressed alerts' <c>kibana.alert.suppression.docs_count</c> total.
/// </summary>
internal sealed record FixtureHeader(bool Schedule, DateTimeOffset? Start, DateTimeOffset? End, string? Threat, long? DocsCount = null)
{
    public static FixtureHeader Read(string fixture)
    {
        try
        {
            using var reader = new StreamReader(fixture);
            var first = reader.ReadLine();
            if (string.IsNullOrWhiteSpace(first))
            {
                return new FixtureHeader(false, null, null, null);
            }
            using var doc = JsonDocument.Parse(first);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("//", out _))
            {
                return new FixtureHeader(false, null, null, null);
            }
            return new FixtureHeader(
                root.TryGetProperty("schedule", out var s) && s.ValueKind == JsonValueKind.True,
                Time(root, "start"),
                Time(root, "end"),
                root.TryGetProperty("threat", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
                root.TryGetProperty("expect_docs_count", out var d) && d.TryGetInt64(out var docs) ? docs : null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // The reader reports an unreadable first line with its place.
            return new FixtureHeader(false, null, null, null);
        }
    }

    private static DateTimeOffset? Time(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String &&
        DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
