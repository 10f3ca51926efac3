using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Rules.Guides;

/// <summary>
/// JSON text exactly as Python's <c>json.dumps(value, sort_keys=True, separators=(',', ':'))</c> writes it: keys
/// sorted by code point at every level, no spaces, non-ASCII escaped as <c>\uXXXX</c> (ensure_ascii). This is how
/// elastic/detection-rules renders <c>[transform]</c> entries into notes, so Vigil's output is byte-identical.
/// </summary>
public static class PythonJson
{
    /// <summary>Serialises <paramref name="node"/> (null: JSON null).</summary>
    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                var keys = new List<string>(obj.Count);
                foreach (var pair in obj)
                {
                    keys.Add(pair.Key);
                }

                // Python sorts str keys by code point; ordinal UTF-16 order differs only for astral characters.
                keys.Sort(CompareCodePoints);
                builder.Append('{');
                for (int i = 0; i < keys.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, keys[i]);
                    builder.Append(':');
                    Write(builder, obj[keys[i]]);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        if (value.TryGetValue<string>(out var s))
        {
            WriteString(builder, s);
        }
        else if (value.TryGetValue<bool>(out var b))
        {
            builder.Append(b ? "true" : "false");
        }
        else if (value.TryGetValue<long>(out var l))
        {
            builder.Append(l.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<int>(out var i))
        {
            builder.Append(i.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue<double>(out var d))
        {
            builder.Append(FormatFloat(d));
        }
        else
        {
            var element = value.GetValue<JsonElement>();
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    WriteString(builder, element.GetString()!);
                    break;
                case JsonValueKind.Number when element.TryGetInt64(out var n):
                    builder.Append(n.ToString(CultureInfo.InvariantCulture));
                    break;
                case JsonValueKind.Number:
                    builder.Append(FormatFloat(element.GetDouble()));
                    break;
                case JsonValueKind.True:
                    builder.Append("true");
                    break;
                case JsonValueKind.False:
                    builder.Append("false");
                    break;
                default:
                    builder.Append("null");
                    break;
            }
        }
    }

    private static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        string text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text.Replace("E", "e", StringComparison.Ordinal) : text + ".0";
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static int CompareCodePoints(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int ca = CodePointAt(a, i, out int la);
            int cb = CodePointAt(b, j, out int lb);
            if (ca != cb)
            {
                return ca.CompareTo(cb);
            }

            i += la;
            j += lb;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int CodePointAt(string s, int index, out int length)
    {
        if (char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(s[index], s[index + 1]);
        }

        length = 1;
        return s[index];
    }
}
