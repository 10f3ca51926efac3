using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tomlyn.Model;
using Vigil.Events.Json;

namespace Vigil.Rules;

/// <summary>
/// Reads a Kibana rule export (NDJSON: one rule object per line, as "Export rules" and the saved-objects API write
/// it, then the export summary line). Exception-list and connector lines are counted and skipped; a line that is not
/// JSON is reported with its line and column and the other lines still load.
/// </summary>
public static class KibanaNdjsonReader
{
    /// <summary>Reads a file from disk.</summary>
    public static RuleFileResult ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RuleFileResult(path, RuleSourceFormat.KibanaNdjson, [],
                [new RuleProblem(RuleProblemSeverity.Error, path, 0, 0, null, "cannot read the file: " + e.Message)]);
        }
        return Read(text, path);
    }

    /// <summary>Reads export text; <paramref name="path"/> is used in messages.</summary>
    public static RuleFileResult Read(string text, string path)
    {
        var rules = new List<RuleLoadResult>();
        var fileProblems = new List<RuleProblem>();
        RawJson? summary = null;
        var lineNumber = 0;
        using var lines = new StringReader(text);
        while (lines.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, AllowDuplicateProperties = false });
            }
            catch (JsonException e)
            {
                var column = (int)(e.BytePositionInLine ?? 0) + 1;
                fileProblems.Add(new RuleProblem(RuleProblemSeverity.Error, path, lineNumber, column, null,
                    "not valid JSON: " + FirstSentence(e.Message)));
                continue;
            }
            if (JsonStrings.FindUnpairedSurrogate(Encoding.UTF8.GetBytes(line)) is var at and >= 0)
            {
                // Valid JSON, but System.Text.Json cannot read such a string back: say so instead of throwing later.
                fileProblems.Add(new RuleProblem(RuleProblemSeverity.Error, path, lineNumber, (int)at + 1, null,
                    "a \\u escape in this string names half of a surrogate pair, which is no character"));
                continue;
            }
            if (DuplicateKey(line) is { } duplicate)
            {
                fileProblems.Add(new RuleProblem(RuleProblemSeverity.Error, path, lineNumber, 1, null,
                    $"the key `{duplicate}` appears twice in the same object"));
                continue;
            }
            if (node is not JsonObject obj)
            {
                fileProblems.Add(new RuleProblem(RuleProblemSeverity.Error, path, lineNumber, 1, null,
                    "expected a JSON object (a rule) on this line"));
                continue;
            }
            if (obj.ContainsKey("exported_count") || obj.ContainsKey("exported_rules_count"))
            {
                summary = RawJson.FromNode(obj);
                continue;
            }
            if (!obj.ContainsKey("rule_id") && !(obj.ContainsKey("name") && obj.ContainsKey("type") && obj.ContainsKey("risk_score")))
            {
                // Exception lists, exception items and action connectors share the export file; they are not rules.
                continue;
            }
            rules.Add(ReadRule(obj, path, lineNumber));
        }
        return new RuleFileResult(path, RuleSourceFormat.KibanaNdjson, rules, fileProblems, summary);
    }

    // System.Text.Json's JsonObject rejects repeated keys only when it is first read; find them up front.
    private static string? DuplicateKey(string line)
    {
        using var document = JsonDocument.Parse(line);
        return DuplicateKey(document.RootElement);
    }

    private static string? DuplicateKey(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        return property.Name;
                    }
                    if (DuplicateKey(property.Value) is { } inner)
                    {
                        return property.Name + "." + inner;
                    }
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (DuplicateKey(item) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Reads one rule object of an export.</summary>
    public static RuleLoadResult ReadRule(JsonObject obj, string path, int line)
    {
        var problems = new List<RuleProblem>();
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal) { ["rule"] = line };
        foreach (var (key, _) in obj)
        {
            keyLines["rule." + key] = line;
        }
        var source = new RuleSource(path, RuleSourceFormat.KibanaNdjson, line, keyLines);
        var reader = new TomlValueReader(path, line, problems);

        var ruleTable = new TomlTable();
        JsonObject? vigil = null;
        JsonObject? otherMeta = null;
        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "new_terms_fields" or "history_window_start":
                    break;
                case "meta" when value is JsonObject meta:
                    foreach (var (metaKey, metaValue) in meta)
                    {
                        if (metaKey == KibanaRuleJson.VigilMetaKey && metaValue is JsonObject v)
                        {
                            vigil = v;
                        }
                        else
                        {
                            otherMeta ??= new JsonObject();
                            otherMeta[metaKey] = metaValue?.DeepClone();
                        }
                    }
                    break;
                default:
                    if (value is not null)
                    {
                        ruleTable[key] = ToToml(value)!;
                    }
                    break;
            }
        }
        if (otherMeta is not null)
        {
            ruleTable["meta"] = ToToml(otherMeta)!;
        }
        if (obj["new_terms_fields"] is JsonNode fields || obj["history_window_start"] is not null)
        {
            var newTerms = new TomlTable { ["field"] = "new_terms_fields" };
            if (obj["new_terms_fields"] is { } f)
            {
                newTerms["value"] = ToToml(f)!;
            }
            if (obj["history_window_start"] is { } h)
            {
                newTerms["history_window_start"] = new TomlTableArray { new TomlTable { ["field"] = "history_window_start", ["value"] = ToToml(h)! } };
            }
            ruleTable["new_terms"] = newTerms;
        }
        if (vigil?["locales"] is JsonObject locales)
        {
            ruleTable["locales"] = ToToml(locales)!;
        }

        var metadata = vigil?["metadata"] is JsonObject m && ToToml(m) is TomlTable mt
            ? TomlRuleReader.ReadMetadata(reader, mt)
            : new RuleMetadata();
        var transforms = vigil?["transform"] is JsonObject tr && ToToml(tr) is TomlTable tt
            ? TomlRuleReader.ReadTransforms(reader, tt)
            : RuleTransforms.Empty;

        var rule = TomlRuleReader.ReadRule(reader, ruleTable, source, warnUnknownKeys: false);
        rule = rule with { Metadata = metadata, Source = source };
        if (!transforms.IsEmpty && vigil?["note_template"] is JsonValue template && template.TryGetValue<string>(out var noteTemplate)
            && rule.Note is not null && NoteRenderer.Render(noteTemplate, transforms) == rule.Note)
        {
            // The export carries the note as Kibana shows it; keep the template only while it still renders to it.
            rule = rule with { Note = noteTemplate, Transforms = transforms };
        }
        return new RuleLoadResult(rule, problems, source);
    }

    private static object? ToToml(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToTable(o),
        JsonArray a => ToArray(a),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(v.ToJsonString()),
            _ => null,
        },
        _ => null,
    };

    // Whole numbers become longs; other numbers doubles; numbers no double can hold stay as their text.
    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? d
                : text;

    private static TomlTable ToTable(JsonObject o)
    {
        var t = new TomlTable();
        foreach (var (key, value) in o)
        {
            if (value is not null)
            {
                t[key] = ToToml(value)!;
            }
        }
        return t;
    }

    private static TomlArray ToArray(JsonArray a)
    {
        var array = new TomlArray();
        foreach (var item in a)
        {
            array.Add(ToToml(item));
        }
        return array;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
