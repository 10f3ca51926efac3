using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Detection.Exceptions;

/// <summary>
/// Reads Kibana exception list exports (<c>_export</c> NDJSON: list containers, their items, and a trailing
/// summary line with <c>exported_exception_list_count</c>). Bad lines are reported with file and line; the rest loads.
/// </summary>
public static class ExceptionListLoader
{
    public static void LoadNdjson(string text, string sourceName, ExceptionListSet into, List<string> errors)
    {
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            JsonObject? obj;
            try
            {
                obj = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException e)
            {
                // The position in words; JsonException's text ("LineNumber: 0 | BytePositionInLine: 1") is for developers.
                var column = e.BytePositionInLine is { } position ? $":{position + 1}" : "";
                errors.Add($"{sourceName}:{lineNumber}{column}: not valid JSON (a Kibana exception list export has one JSON object per line)");
                continue;
            }
            if (obj is null)
            {
                errors.Add($"{sourceName}:{lineNumber}: expected a JSON object");
                continue;
            }
            if (obj.ContainsKey("exported_exception_list_count") || obj.ContainsKey("exported_exception_list_item_count"))
            {
                continue;
            }
            var listId = Str(obj, "list_id");
            if (listId is null)
            {
                errors.Add($"{sourceName}:{lineNumber}: missing list_id");
                continue;
            }
            if (obj["entries"] is null && obj["item_id"] is null)
            {
                into.AddList(listId);
                continue;
            }
            var entryErrors = new List<string>();
            var entries = ReadEntries(obj["entries"], entryErrors, nested: false);
            if (entryErrors.Count > 0)
            {
                foreach (var error in entryErrors)
                {
                    errors.Add($"{sourceName}:{lineNumber}: {error}");
                }
                continue;
            }
            DateTimeOffset? expire = null;
            if (Str(obj, "expire_time") is { } expireText &&
                DateTimeOffset.TryParse(expireText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                expire = parsed;
            }
            into.AddItem(new ExceptionItem(
                Str(obj, "item_id") ?? Str(obj, "id") ?? "",
                listId,
                Str(obj, "name") ?? "",
                Str(obj, "namespace_type") ?? "single",
                Strings(obj["os_types"]),
                entries,
                expire));
        }
    }

    private static List<ExceptionEntry> ReadEntries(JsonNode? node, List<string> errors, bool nested)
    {
        var entries = new List<ExceptionEntry>();
        if (node is not JsonArray array)
        {
            errors.Add("exception item has no entries array");
            return entries;
        }
        foreach (var item in array)
        {
            if (item is not JsonObject e)
            {
                errors.Add("an entry is not an object");
                continue;
            }
            var type = Str(e, "type");
            var field = Str(e, "field");
            if (type is null || field is null)
            {
                errors.Add("an entry lacks type or field");
                continue;
            }
            var excluded = Str(e, "operator") == "excluded";
            switch (type)
            {
                case "match" or "wildcard":
                    if (Str(e, "value") is not { } value)
                    {
                        errors.Add($"{type} entry on {field} has no string value");
                        continue;
                    }
                    entries.Add(new ExceptionEntry(type, field, excluded, [value], [], null));
                    break;
                case "match_any":
                    entries.Add(new ExceptionEntry(type, field, excluded, Strings(e["value"]), [], null));
                    break;
                case "exists":
                    entries.Add(new ExceptionEntry(type, field, excluded, [], [], null));
                    break;
                case "list":
                    var listId = e["list"] is JsonObject l ? Str(l, "id") : null;
                    entries.Add(new ExceptionEntry(type, field, excluded, [], [], listId));
                    break;
                case "nested" when !nested:
                    entries.Add(new ExceptionEntry(type, field, false, [], ReadEntries(e["entries"], errors, nested: true), null));
                    break;
                default:
                    errors.Add($"unsupported entry type \"{type}\" on {field}");
                    break;
            }
        }
        return entries;
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<string> Strings(JsonNode? node)
    {
        var list = new List<string>();
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    list.Add(s);
                }
            }
        }
        return list;
    }
}
