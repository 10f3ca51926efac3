using System.Text.Json;
using System.Text.Json.Nodes;
using Tomlyn;
using Tomlyn.Model;

namespace Vigil.Rules.Guides;

/// <summary>
/// Reads the guide-relevant parts of rule files: detection-rules TOML (<c>[rule]</c> note and name, <c>[transform]</c>
/// entries, localised notes under <c>[rule.localized_notes]</c>) and Kibana rule exports (NDJSON, notes already rendered).
/// </summary>
public static class GuideRuleReader
{
    /// <summary>Reads every rule in <paramref name="path"/> (a .toml/.ndjson/.json file or a folder searched recursively).</summary>
    /// <param name="path">File or folder.</param>
    /// <param name="errors">Receives one message per file or line that could not be read.</param>
    public static IReadOnlyList<GuideRule> ReadAll(string path, ICollection<string> errors)
    {
        var rules = new List<GuideRule>();
        if (Directory.Exists(path))
        {
            var files = new List<string>(Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories));
            files.Sort(StringComparer.Ordinal);
            foreach (string file in files)
            {
                if (file.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
                {
                    AddToml(file, rules, errors);
                }
            }
        }
        else if (File.Exists(path))
        {
            if (path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
            {
                AddToml(path, rules, errors);
            }
            else
            {
                AddNdjson(path, rules, errors);
            }
        }
        else
        {
            errors.Add($"{path}: no such file or folder");
        }

        return rules;
    }

    /// <summary>Parses one detection-rules TOML text.</summary>
    public static GuideRule ParseToml(string text, string? source = null)
    {
        var document = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        var rule = Table(document, "rule");
        var localized = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var localizedTable = Table(rule, "localized_notes") ?? Table(document, "localized_notes");
        if (localizedTable is not null)
        {
            foreach (var pair in localizedTable)
            {
                if (pair.Value is string note)
                {
                    localized[pair.Key] = note;
                }
            }
        }

        var transform = Table(document, "transform");
        return new GuideRule(
            Text(rule, "name"),
            Text(rule, "rule_id"),
            Text(rule, "note"),
            localized,
            Entries(transform, "osquery"),
            Entries(transform, "investigate"),
            source);
    }

    private static void AddToml(string file, List<GuideRule> rules, ICollection<string> errors)
    {
        try
        {
            rules.Add(ParseToml(File.ReadAllText(file), file));
        }
        catch (TomlException ex)
        {
            errors.Add($"{file}:{ex.Line}:{ex.Column}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{file}: {ex.Message}");
        }
    }

    private static void AddNdjson(string file, List<GuideRule> rules, ICollection<string> errors)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{file}: {ex.Message}");
            return;
        }

        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(lines[i]);
                var root = json.RootElement;
                // Kibana exports end with a summary line ({"exported_count":…}) that is not a rule.
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rule_id", out _))
                {
                    continue;
                }

                rules.Add(new GuideRule(
                    JsonText(root, "name"),
                    JsonText(root, "rule_id"),
                    JsonText(root, "note"),
                    new Dictionary<string, string>(),
                    [],
                    [],
                    $"{file}:{i + 1}"));
            }
            catch (JsonException ex)
            {
                errors.Add($"{file}:{i + 1}: {ex.Message}");
            }
        }
    }

    private static string? JsonText(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TomlTable? Table(TomlTable? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static string? Text(TomlTable? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) ? value as string : null;

    private static IReadOnlyList<JsonNode> Entries(TomlTable? transform, string key)
    {
        var entries = new List<JsonNode>();
        if (transform is null || !transform.TryGetValue(key, out var value))
        {
            return entries;
        }

        if (value is TomlTableArray tables)
        {
            foreach (var table in tables)
            {
                entries.Add(ToJson(table)!);
            }
        }
        else if (value is TomlArray array)
        {
            foreach (var item in array)
            {
                if (ToJson(item) is JsonObject obj)
                {
                    entries.Add(obj);
                }
            }
        }

        return entries;
    }

    /// <summary>Converts a Tomlyn model value to a JSON node (tables keep their keys; dates become ISO text).</summary>
    public static JsonNode? ToJson(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case TomlTable table:
                var obj = new JsonObject();
                foreach (var pair in table)
                {
                    obj[pair.Key] = ToJson(pair.Value);
                }

                return obj;
            case TomlTableArray tables:
                var tableArray = new JsonArray();
                foreach (var t in tables)
                {
                    tableArray.Add(ToJson(t));
                }

                return tableArray;
            case TomlArray array:
                var json = new JsonArray();
                foreach (var item in array)
                {
                    json.Add(ToJson(item));
                }

                return json;
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case long l:
                return JsonValue.Create(l);
            case int i:
                return JsonValue.Create((long)i);
            case double d:
                return JsonValue.Create(d);
            case float f:
                return JsonValue.Create((double)f);
            default:
                return JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
