using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Rules;

/// <summary>Writes rules as a Kibana rule export: one rule object per line, then the export summary line.</summary>
public static class KibanaNdjsonWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="rules"/> and the summary line to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<Rule> rules)
    {
        var count = 0;
        foreach (var rule in rules)
        {
            writer.Write(KibanaRuleJson.ToJson(rule).ToJsonString(Options));
            writer.Write('\n');
            count++;
        }
        writer.Write(Summary(count).ToJsonString(Options));
        writer.Write('\n');
    }

    /// <summary>The export as one string.</summary>
    public static string WriteToString(IEnumerable<Rule> rules)
    {
        using var writer = new StringWriter();
        Write(writer, rules);
        return writer.ToString();
    }

    /// <summary>The summary line Kibana appends to an export of <paramref name="ruleCount"/> rules and nothing else.</summary>
    public static JsonObject Summary(int ruleCount) => new()
    {
        ["exported_count"] = ruleCount,
        ["exported_rules_count"] = ruleCount,
        ["missing_rules"] = new JsonArray(),
        ["missing_rules_count"] = 0,
        ["exported_exception_list_count"] = 0,
        ["exported_exception_list_item_count"] = 0,
        ["missing_exception_list_item_count"] = 0,
        ["missing_exception_list_items"] = new JsonArray(),
        ["missing_exception_lists"] = new JsonArray(),
        ["missing_exception_lists_count"] = 0,
        ["exported_action_connector_count"] = 0,
        ["missing_action_connection_count"] = 0,
        ["missing_action_connections"] = new JsonArray(),
        ["excluded_action_connection_count"] = 0,
        ["excluded_action_connections"] = new JsonArray(),
    };
}
