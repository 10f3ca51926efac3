using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Vigil.Rules;

/// <summary>
/// Renders a detection-rules note as Kibana receives it: each <c>[transform]</c> entry becomes
/// <c>!{osquery{...}}</c> / <c>!{investigate{...}}</c> (the entry as JSON with sorted keys, no spaces, non-ASCII
/// escaped — what Python's <c>json.dumps(entry, sort_keys=True, separators=(',',':'))</c> writes) and replaces its
/// <c>$osquery_N</c> / <c>$investigate_N</c> placeholder with template "safe substitution": unknown <c>$names</c>
/// stay as written and <c>$$</c> becomes <c>$</c>. A rule without transforms keeps its note unchanged.
/// </summary>
public static class NoteRenderer
{
    /// <summary>The note with its placeholders replaced.</summary>
    public static string Render(string note, RuleTransforms transforms)
    {
        if (transforms.IsEmpty)
        {
            return note;
        }
        return Substitute(note, Placeholders(transforms));
    }

    /// <summary>Placeholder name (<c>osquery_0</c>) → rendered button text.</summary>
    public static IReadOnlyDictionary<string, string> Placeholders(RuleTransforms transforms)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < transforms.Osquery.Count; i++)
        {
            map["osquery_" + i.ToString(CultureInfo.InvariantCulture)] = "!{osquery" + ToPythonJson(ToJson(transforms.Osquery[i])) + "}";
        }
        for (var i = 0; i < transforms.Investigate.Count; i++)
        {
            map["investigate_" + i.ToString(CultureInfo.InvariantCulture)] = "!{investigate" + ToPythonJson(ToJson(transforms.Investigate[i])) + "}";
        }
        return map;
    }

    /// <summary>The entry as the JSON object written in TOML (known keys plus any extra ones).</summary>
    public static JsonObject ToJson(OsqueryTransform entry)
    {
        var obj = Extra(entry.Extra);
        if (entry.Label is not null)
        {
            obj["label"] = entry.Label;
        }
        obj["query"] = entry.Query;
        if (entry.EcsMapping is not null)
        {
            obj["ecs_mapping"] = entry.EcsMapping.ToNode();
        }
        return obj;
    }

    /// <summary>The entry as the JSON object written in TOML (known keys plus any extra ones).</summary>
    public static JsonObject ToJson(InvestigateTransform entry)
    {
        var obj = Extra(entry.Extra);
        obj["label"] = entry.Label;
        if (entry.Description is not null)
        {
            obj["description"] = entry.Description;
        }
        obj["providers"] = entry.Providers.ToNode();
        if (entry.RelativeFrom is not null)
        {
            obj["relativeFrom"] = entry.RelativeFrom;
        }
        if (entry.RelativeTo is not null)
        {
            obj["relativeTo"] = entry.RelativeTo;
        }
        return obj;
    }

    /// <summary>Python <c>string.Template.safe_substitute</c>: <c>$name</c>, <c>${name}</c>, <c>$$</c>.</summary>
    public static string Substitute(string template, IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            var next = template[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            if (next == '{')
            {
                var end = i + 2;
                while (end < template.Length && IsIdentifierChar(template[end], end == i + 2))
                {
                    end++;
                }
                if (end > i + 2 && end < template.Length && template[end] == '}'
                    && values.TryGetValue(template[(i + 2)..end], out var braced))
                {
                    sb.Append(braced);
                    i = end + 1;
                    continue;
                }
                sb.Append(c);
                i++;
                continue;
            }
            var stop = i + 1;
            while (stop < template.Length && IsIdentifierChar(template[stop], stop == i + 1))
            {
                stop++;
            }
            if (stop > i + 1 && values.TryGetValue(template[(i + 1)..stop], out var value))
            {
                sb.Append(value);
                i = stop;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Compact JSON with keys sorted by code point and non-ASCII escaped, as Python writes it.</summary>
    public static string ToPythonJson(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }
                    Write(sb, array[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                if (value.TryGetValue<string>(out var s))
                {
                    WriteString(sb, s);
                }
                else if (value.TryGetValue<bool>(out var b))
                {
                    sb.Append(b ? "true" : "false");
                }
                else
                {
                    sb.Append(value.ToJsonString());
                }
                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (ch < 0x20 || ch > 0x7f)
                    {
                        sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(ch);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    private static bool IsIdentifierChar(char c, bool first) =>
        c == '_' || (c is >= 'a' and <= 'z') || (c is >= 'A' and <= 'Z') || (!first && c is >= '0' and <= '9');

    private static JsonObject Extra(RawJson? extra) =>
        extra?.ToNode() as JsonObject ?? new JsonObject();
}
