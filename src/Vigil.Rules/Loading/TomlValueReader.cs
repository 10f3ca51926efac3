using System.Globalization;
using System.Text.Json.Nodes;
using Tomlyn.Model;
using Tomlyn.Serialization;
using Vigil.Eql.Syntax;

namespace Vigil.Rules;

/// <summary>
/// Reads typed values out of a Tomlyn <see cref="TomlTable"/> tree, remembering the line of every key and turning
/// wrong types into <see cref="RuleProblem"/>s instead of exceptions.
/// </summary>
internal sealed class TomlValueReader
{
    private readonly TomlMetadataStore store;
    private readonly string file;
    private readonly Dictionary<string, int> keyLines = new(StringComparer.Ordinal);
    private readonly List<RuleProblem> problems;

    private readonly int defaultLine = 1;

    /// <summary>A reader for a Kibana export line: every key sits on <paramref name="line"/>.</summary>
    public TomlValueReader(string file, int line, List<RuleProblem> problems)
        : this(new TomlMetadataStore(), file, problems)
    {
        defaultLine = line;
    }

    public TomlValueReader(TomlMetadataStore store, string file, List<RuleProblem> problems)
    {
        this.store = store;
        this.file = file;
        this.problems = problems;
    }

    public IReadOnlyDictionary<string, int> KeyLines => keyLines;

    /// <summary>Records the line of every key below <paramref name="table"/> under its dotted path.</summary>
    public void IndexLines(TomlTable table, string prefix)
    {
        store.TryGetProperties(table, out var metadata);
        foreach (var (key, value) in table)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (metadata is not null && metadata.TryGetProperty(key, out var property) && property is not null)
            {
                keyLines.TryAdd(path, property.Span.Start.Line + 1);
            }
            switch (value)
            {
                case TomlTable child:
                    IndexLines(child, path);
                    break;
                case TomlTableArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        IndexLines(array[i], $"{path}[{i}]");
                        FillArrayElementLine(path, i);
                    }
                    break;
                case TomlArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is TomlTable element)
                        {
                            IndexLines(element, $"{path}[{i}]");
                        }
                    }
                    break;
            }
        }
    }

    // A [[table]] element has no key of its own; use the line of its first key (minus the header) when known.
    private void FillArrayElementLine(string path, int index)
    {
        var element = $"{path}[{index}]";
        var best = int.MaxValue;
        foreach (var (key, line) in keyLines)
        {
            if (key.StartsWith(element + ".", StringComparison.Ordinal) && line < best)
            {
                best = line;
            }
        }
        if (best != int.MaxValue)
        {
            keyLines.TryAdd(element, Math.Max(1, best - 1));
        }
    }

    public void SetLine(string path, int line) => keyLines[path] = line;

    public int LineOf(string path)
    {
        var p = path;
        while (p.Length > 0)
        {
            if (keyLines.TryGetValue(p, out var line))
            {
                return line;
            }
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }
            p = p[..cut];
        }
        return defaultLine;
    }

    public void Error(string path, string message) =>
        problems.Add(new RuleProblem(RuleProblemSeverity.Error, file, LineOf(path), 0, path, message));

    public void Warning(string path, string message) =>
        problems.Add(new RuleProblem(RuleProblemSeverity.Warning, file, LineOf(path), 0, path, message));

    public void Missing(string tablePath, string key) =>
        problems.Add(new RuleProblem(RuleProblemSeverity.Error, file, LineOf(tablePath), 0, tablePath + "." + key,
            $"required key `{key}` is missing from [{tablePath}]"));

    public string? String(TomlTable table, string key, string tablePath, bool required = false)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Missing(tablePath, key);
            }
            return null;
        }
        if (value is string s)
        {
            return s;
        }
        WrongType(tablePath + "." + key, "a string", value);
        return null;
    }

    public long? Integer(TomlTable table, string key, string tablePath, bool required = false)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Missing(tablePath, key);
            }
            return null;
        }
        if (value is long l)
        {
            return l;
        }
        WrongType(tablePath + "." + key, "a whole number", value);
        return null;
    }

    public int? Int32(TomlTable table, string key, string tablePath, bool required = false)
    {
        var value = Integer(table, key, tablePath, required);
        if (value is null)
        {
            return null;
        }
        if (value is < int.MinValue or > int.MaxValue)
        {
            Error(tablePath + "." + key, $"{value} is too large");
            return null;
        }
        return (int)value.Value;
    }

    public bool? Boolean(TomlTable table, string key, string tablePath)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        if (value is bool b)
        {
            return b;
        }
        WrongType(tablePath + "." + key, "true or false", value);
        return null;
    }

    public ValueList<string>? StringList(TomlTable table, string key, string tablePath, bool required = false, bool allowSingle = false)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Missing(tablePath, key);
            }
            return null;
        }
        var path = tablePath + "." + key;
        if (allowSingle && value is string single)
        {
            return new ValueList<string>([single]);
        }
        if (value is not TomlArray array)
        {
            WrongType(path, "a list of strings", value);
            return null;
        }
        var items = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string s)
            {
                items.Add(s);
            }
            else
            {
                WrongType($"{path}[{i}]", "a string", array[i]);
            }
        }
        return new ValueList<string>(items);
    }

    public TomlTable? Table(TomlTable table, string key, string tablePath, bool required = false)
    {
        if (!table.TryGetValue(key, out var value))
        {
            if (required)
            {
                Missing(tablePath, key);
            }
            return null;
        }
        if (value is TomlTable t)
        {
            return t;
        }
        WrongType(tablePath + "." + key, "a table", value);
        return null;
    }

    /// <summary>An array of tables, written either as <c>[[key]]</c> sections or as an inline array.</summary>
    public IReadOnlyList<TomlTable>? Tables(TomlTable table, string key, string tablePath)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        var path = tablePath + "." + key;
        switch (value)
        {
            case TomlTableArray tableArray:
                return tableArray.ToList();
            case TomlArray array:
                var list = new List<TomlTable>(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is TomlTable t)
                    {
                        list.Add(t);
                    }
                    else
                    {
                        WrongType($"{path}[{i}]", "a table", array[i]);
                    }
                }
                return list;
            case TomlTable single:
                return [single];
            default:
                WrongType(path, "a list of tables", value);
                return null;
        }
    }

    /// <summary>Warns about keys of <paramref name="table"/> outside <paramref name="known"/>.</summary>
    public void UnknownKeys(TomlTable table, string tablePath, IReadOnlySet<string> known)
    {
        foreach (var key in table.Keys)
        {
            if (!known.Contains(key))
            {
                Warning(tablePath + "." + key, $"unknown key `{key}` in [{tablePath}] (kept, not checked)");
            }
        }
    }

    private void WrongType(string path, string expected, object? found) =>
        Error(path, $"must be {expected}, found {Describe(found)}");

    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"the string \"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
        long l => $"the number {l.ToString(CultureInfo.InvariantCulture)}",
        double d => $"the number {d.ToString(CultureInfo.InvariantCulture)}",
        bool b => b ? "true" : "false",
        TomlTable => "a table",
        TomlTableArray => "a list of tables",
        TomlArray => "a list",
        _ => $"a {value.GetType().Name} value",
    };

    /// <summary>Converts a TOML value to JSON (tables to objects, arrays to arrays, dates to their text).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        TomlTable t => ToJsonObject(t),
        TomlTableArray ta => new JsonArray(ta.Select(x => (JsonNode?)ToJsonObject(x)).ToArray()),
        TomlArray a => new JsonArray(a.Select(ToJson).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    public static JsonObject ToJsonObject(TomlTable table)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in table)
        {
            obj[key] = ToJson(value);
        }
        return obj;
    }
}
