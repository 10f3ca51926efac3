using System.Text.Json;

namespace Vigil.Rules.Guides;

/// <summary>The configuration of an <c>!{investigate{...}}</c> block.</summary>
/// <param name="Label">The button label.</param>
/// <param name="Description">Free text shown with the button.</param>
/// <param name="Providers">Groups ORed together; the conditions inside one group are ANDed.</param>
/// <param name="RelativeFrom">Date math for the range start, relative to the alert's time (e.g. now-1h).</param>
/// <param name="RelativeTo">Date math for the range end (e.g. now).</param>
public sealed record InvestigateButton(
    string Label,
    string Description,
    IReadOnlyList<IReadOnlyList<InvestigateProvider>> Providers,
    string? RelativeFrom,
    string? RelativeTo)
{
    /// <summary>Reads the block's JSON object; returns null and an error when it is not a usable configuration.</summary>
    public static InvestigateButton? TryRead(string json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the configuration is not a JSON object";
                return null;
            }

            if (!root.TryGetProperty("providers", out var providers) || providers.ValueKind != JsonValueKind.Array)
            {
                error = "the configuration has no \"providers\" array";
                return null;
            }

            var groups = new List<IReadOnlyList<InvestigateProvider>>();
            foreach (var group in providers.EnumerateArray())
            {
                if (group.ValueKind != JsonValueKind.Array)
                {
                    error = "\"providers\" must be an array of arrays of conditions";
                    return null;
                }

                var conditions = new List<InvestigateProvider>();
                foreach (var condition in group.EnumerateArray())
                {
                    if (condition.ValueKind != JsonValueKind.Object
                        || !condition.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String)
                    {
                        error = "each provider condition must be an object with a \"field\" string";
                        return null;
                    }

                    conditions.Add(new InvestigateProvider(
                        field.GetString()!,
                        condition.TryGetProperty("excluded", out var ex) && ex.ValueKind == JsonValueKind.True,
                        Text(condition, "queryType") ?? "phrase",
                        Text(condition, "value") ?? "",
                        Text(condition, "valueType") ?? "string"));
                }

                groups.Add(conditions);
            }

            return new InvestigateButton(
                Text(root, "label") ?? "Investigate",
                Text(root, "description") ?? "",
                groups,
                Text(root, "relativeFrom"),
                Text(root, "relativeTo"));
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }
}
