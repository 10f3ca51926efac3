using System.Text;
using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Rules.Guides;

/// <summary>
/// Reads alerts from text: one JSON object per line (JSONL), a pretty-printed object or several, a JSON array, or
/// Elasticsearch hits (<c>_source</c> is unwrapped). A bad line is reported with its line number; the rest is read.
/// </summary>
public static class AlertReader
{
    /// <summary>The alerts in <paramref name="text"/>; problems go to <paramref name="errors"/> as "origin:line: message".</summary>
    public static IReadOnlyList<AlertDocument> Read(string text, string origin, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var alerts = new List<AlertDocument>();
        var lineErrors = new List<string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(JsonStrings.WithUnpairedSurrogatesReplaced(Encoding.UTF8.GetBytes(line)).ToArray());
                AddAlerts(document.RootElement, alerts, $"{origin}:{i + 1}", lineErrors);
            }
            catch (JsonException ex)
            {
                lineErrors.Add($"{origin}:{i + 1}: not valid JSON: {ex.Message}");
            }
        }

        if (lineErrors.Count == 0)
        {
            return alerts;
        }

        // Not JSONL: maybe pretty-printed JSON values, one after another.
        var whole = ReadConcatenated(text, origin);
        if (whole is not null)
        {
            return whole;
        }

        foreach (string error in lineErrors)
        {
            errors.Add(error);
        }

        return alerts;
    }

    private static List<AlertDocument>? ReadConcatenated(string text, string origin)
    {
        var alerts = new List<AlertDocument>();
        var problems = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(JsonStrings.WithUnpairedSurrogatesReplaced(Encoding.UTF8.GetBytes(text)), new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                using var document = JsonDocument.ParseValue(ref reader);
                AddAlerts(document.RootElement, alerts, origin, problems);
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return problems.Count == 0 && alerts.Count > 0 ? alerts : null;
    }

    private static void AddAlerts(JsonElement element, List<AlertDocument> alerts, string place, List<string> errors)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            alerts.Add(new AlertDocument(element));
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    alerts.Add(new AlertDocument(item));
                }
                else
                {
                    errors.Add($"{place}: an alert must be a JSON object, found {item.ValueKind}");
                }
            }
        }
        else
        {
            errors.Add($"{place}: an alert must be a JSON object, found {element.ValueKind}");
        }
    }
}
