using System.Text.Json.Nodes;
using Vigil.Rules;

namespace Vigil.Detection.RuleTypes;

/// <summary>A new_terms rule's fields (1 to 3) and the start of its history window (date math, e.g. <c>now-7d</c>).</summary>
public sealed record NewTermsSettings(IReadOnlyList<string> Fields, string HistoryWindowStart)
{
    public static NewTermsSettings? From(JsonObject definition, out string? problem)
    {
        problem = null;
        var fields = new List<string>();
        if (definition["new_terms_fields"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var f) && f.Length > 0) fields.Add(f);
                else { problem = "new_terms_fields holds a value that is not a field name"; return null; }
            }
        }
        if (fields.Count is < 1 or > 3)
        {
            problem = $"new_terms_fields has {fields.Count} fields; Kibana needs 1 to 3";
            return null;
        }
        if (definition["history_window_start"] is not JsonValue h || !h.TryGetValue<string>(out var start) ||
            !DateMath.TryEvaluate(start, DateTimeOffset.UnixEpoch.AddYears(100), roundUp: false, out _))
        {
            problem = "history_window_start is missing or is not date math (e.g. now-7d)";
            return null;
        }
        return new NewTermsSettings(fields, start);
    }
}
