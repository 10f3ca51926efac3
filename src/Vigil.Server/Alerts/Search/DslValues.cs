using System.Globalization;
using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// How document values compare with query values, as Elasticsearch compares them on the alert index's mapping:
/// keyword fields exactly, numbers numerically (also when written as strings), dates at millisecond precision.
/// </summary>
internal static class DslValues
{
    // Date fields of the alert mapping and ECS that hold ISO times (the rest are keywords, numbers or text).
    private static readonly HashSet<string> KnownDates = new(StringComparer.Ordinal)
    {
        "@timestamp", "kibana.alert.original_time", "kibana.alert.start", "kibana.alert.end", "kibana.alert.last_detected",
        "kibana.alert.intended_timestamp", "kibana.alert.workflow_status_updated_at", "kibana.alert.rule.created_at",
        "kibana.alert.rule.updated_at", "kibana.alert.rule.execution.timestamp", "kibana.alert.suppression.start",
        "kibana.alert.suppression.end", "event.created", "event.ingested", "event.start", "event.end", "process.start",
        "process.parent.start",
    };

    public static bool IsDateField(string field) => KnownDates.Contains(field);

    /// <summary>Text (analysed) fields: matched by tokens, not as a whole.</summary>
    public static bool IsTextField(string field) =>
        field is "message" or "error.message" || field.EndsWith(".text", StringComparison.Ordinal);

    /// <summary>The field whose values a text sub-field (<c>x.text</c>) analyses.</summary>
    public static string SourceField(string field) =>
        field.EndsWith(".text", StringComparison.Ordinal) ? field[..^".text".Length] : field;

    public static bool TryNumber(JsonElement value, out double number)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetDouble(out number);
            case JsonValueKind.String:
                return double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>A date value as epoch milliseconds: an ISO-8601 string or a number of milliseconds.</summary>
    public static bool TryDate(JsonElement value, out long epochMs)
    {
        epochMs = 0;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetDouble(out var d) && Math.Abs(d) < 8.64e15)
            {
                epochMs = (long)Math.Floor(d);
                return true;
            }
            return false;
        }
        return value.ValueKind == JsonValueKind.String && TryDate(value.GetString()!, out epochMs);
    }

    public static bool TryDate(string text, out long epochMs)
    {
        epochMs = 0;
        if (text.Length < 4 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            epochMs = t.ToUnixTimeMilliseconds();
            return true;
        }
        return false;
    }

    /// <summary>Term equality of a document value and a query value (<c>term</c>, <c>terms</c>, keyword <c>match</c>).</summary>
    public static bool TermEquals(JsonElement doc, JsonElement query, bool caseInsensitive)
    {
        switch (query.ValueKind)
        {
            case JsonValueKind.String:
                var q = query.GetString()!;
                return doc.ValueKind switch
                {
                    JsonValueKind.String => string.Equals(doc.GetString(), q, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal),
                    JsonValueKind.Number => TryNumber(query, out var qn) && doc.TryGetDouble(out var dn) && qn == dn,
                    JsonValueKind.True => string.Equals(q, "true", StringComparison.Ordinal),
                    JsonValueKind.False => string.Equals(q, "false", StringComparison.Ordinal),
                    _ => false,
                };
            case JsonValueKind.Number:
                return TryNumber(doc, out var d) && query.TryGetDouble(out var n) && d == n;
            case JsonValueKind.True:
            case JsonValueKind.False:
                var b = query.ValueKind == JsonValueKind.True;
                return doc.ValueKind == query.ValueKind
                    || (doc.ValueKind == JsonValueKind.String && string.Equals(doc.GetString(), b ? "true" : "false", StringComparison.Ordinal));
            default:
                return false;
        }
    }

    /// <summary>The text of a scalar value (strings as is, numbers and booleans as JSON writes them).</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary>The standard analyser, approximately: lower-cased runs of letters and digits.</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inToken = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>Elasticsearch's wildcard pattern: <c>*</c> any run, <c>?</c> one character, <c>\</c> escapes.</summary>
    public static bool Wildcard(string pattern, string text, bool caseInsensitive) =>
        WildcardAt(pattern, 0, text, 0, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static bool WildcardAt(string p, int pi, string t, int ti, StringComparison comparison)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                while (pi < p.Length && p[pi] == '*')
                {
                    pi++;
                }
                if (pi == p.Length)
                {
                    return true;
                }
                for (var k = ti; k <= t.Length; k++)
                {
                    if (WildcardAt(p, pi, t, k, comparison))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.Length)
            {
                return false;
            }
            if (c == '?')
            {
                pi++;
                ti++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.Length)
            {
                c = p[++pi];
            }
            if (string.Compare(p, pi, t, ti, 1, comparison) != 0)
            {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == t.Length;
    }
}
