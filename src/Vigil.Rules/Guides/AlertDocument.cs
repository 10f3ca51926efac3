using System.Text;
using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Rules.Guides;

/// <summary>
/// An alert as Kibana writes it to <c>.alerts-security.alerts-*</c>. Fields may be nested objects, dotted keys or any
/// mix of both (<c>{"kibana.alert": {"rule.name": …}}</c>); an array yields its first value.
/// </summary>
public sealed class AlertDocument
{
    private readonly JsonElement root;

    /// <summary>Wraps a parsed alert object (an Elasticsearch hit's <c>_source</c> is unwrapped).</summary>
    public AlertDocument(JsonElement alert)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("An alert must be a JSON object.", nameof(alert));
        }

        string? hitId = null;
        if (alert.TryGetProperty("_source", out var source) && source.ValueKind == JsonValueKind.Object)
        {
            if (alert.TryGetProperty("_id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                hitId = id.GetString();
            }

            alert = source;
        }

        root = alert.Clone();
        Id = TryGetText("kibana.alert.uuid") ?? hitId;
    }

    /// <summary>Parses one alert from JSON text.</summary>
    public static AlertDocument Parse(string json)
    {
        // An escaped unpaired surrogate reads as U+FFFD here, as in events; JsonElement would throw on it later.
        using var document = JsonDocument.Parse(JsonStrings.WithUnpairedSurrogatesReplaced(Encoding.UTF8.GetBytes(json)).ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            // A reader's error, like any other JSON that is not an alert, for the caller to report with its place.
            throw new JsonException($"an alert must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        }
        return new AlertDocument(document.RootElement);
    }

    /// <summary>The alert's JSON object.</summary>
    public JsonElement Root => root;

    /// <summary><c>kibana.alert.uuid</c> (or the hit's <c>_id</c>), if present.</summary>
    public string? Id { get; }

    /// <summary><c>kibana.alert.rule.rule_id</c>: the rule's stable id, shared with its TOML file.</summary>
    public string? RuleId => TryGetText("kibana.alert.rule.rule_id") ?? TryGetText("kibana.alert.rule.parameters.rule_id");

    /// <summary><c>kibana.alert.rule.name</c>.</summary>
    public string? RuleName => TryGetText("kibana.alert.rule.name");

    /// <summary>The rendered investigation guide the alert carries.</summary>
    public string? Note => TryGetText("kibana.alert.rule.note") ?? TryGetText("kibana.alert.rule.parameters.note");

    /// <summary>The alert's <c>@timestamp</c>, when present and parseable.</summary>
    public DateTimeOffset? Timestamp =>
        TryGetText("@timestamp") is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    /// <summary>The text of a field, or null when it is absent, null or not a scalar.</summary>
    public string? TryGetText(string path) => TryGetValue(path, out var value) ? value.Text : null;

    /// <summary>Looks a field up by its dotted path; arrays give their first scalar value.</summary>
    public bool TryGetValue(string path, out AlertValue value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TryFind(root, path.AsSpan(), out value);
    }

    private static bool TryFind(JsonElement element, ReadOnlySpan<char> path, out AlertValue value)
    {
        value = default;
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (TryFind(item, path, out value))
                {
                    return true;
                }
            }

            return false;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // A key may hold the whole remaining path ("user.name") or only its first segments ("user" then "name").
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name.AsSpan();
            if (!path.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            if (path.Length == name.Length)
            {
                if (TryScalar(property.Value, out value))
                {
                    return true;
                }
            }
            else if (path[name.Length] == '.' && TryFind(property.Value, path[(name.Length + 1)..], out value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryScalar(JsonElement element, out AlertValue value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = new AlertValue(element.GetString()!, JsonValueKind.String);
                return true;
            case JsonValueKind.Number:
                value = new AlertValue(element.GetRawText(), JsonValueKind.Number);
                return true;
            case JsonValueKind.True:
                value = new AlertValue("true", JsonValueKind.True);
                return true;
            case JsonValueKind.False:
                value = new AlertValue("false", JsonValueKind.False);
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (TryScalar(item, out value))
                    {
                        return true;
                    }
                }

                break;
        }

        value = default;
        return false;
    }
}
