using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace Vigil.Cli.Conformance;

/// <summary>
/// Reads a QA suite in ES's TOML shape (<c>[[queries]]</c> with name, query, expected_event_ids, join_keys...).
/// Tolerates <c>join_keys = [null]</c> (accepted by ES's TOML reader, not by strict TOML) by reading such a null as
/// the string "null", which is how the harness compares it anyway.
/// </summary>
public static partial class SuiteLoader
{
    public static IReadOnlyList<ConformanceCase> Load(string path)
    {
        var text = File.ReadAllText(path);
        text = JoinKeysArray().Replace(text, match => BareNull().Replace(match.Value, "\"null\""));
        var model = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        var suite = Path.GetFileName(path);
        var cases = new List<ConformanceCase>();
        if (!model.TryGetValue("queries", out var queries) || queries is not TomlTableArray array)
        {
            return cases;
        }
        foreach (var table in array)
        {
            var name = table.TryGetValue("name", out var n) ? n?.ToString() ?? "" : "";
            var query = table.TryGetValue("query", out var q) ? q?.ToString() ?? "" : "";
            var expected = new List<IReadOnlyList<long>>();
            if (table.TryGetValue("expected_event_ids", out var e) && e is TomlArray ids)
            {
                if (ids.Count > 0 && ids[0] is TomlArray)
                {
                    foreach (var alternative in ids)
                    {
                        expected.Add(((TomlArray)alternative!).Select(ToLong).ToList());
                    }
                }
                else
                {
                    expected.Add(ids.Select(ToLong).ToList());
                }
            }
            List<string>? joinKeys = null;
            if (table.TryGetValue("join_keys", out var j) && j is TomlArray keys)
            {
                joinKeys = keys.Select(k => k?.ToString() ?? "null").ToList();
            }
            cases.Add(new ConformanceCase(
                suite, name, query, expected, joinKeys,
                Int(table, "size"), Int(table, "max_samples_per_key"),
                Bool(table, "case_sensitive"), Bool(table, "case_insensitive"),
                Bool(table, "expect_shard_failures"), Bool(table, "allow_partial_search_results"),
                Bool(table, "allow_partial_sequence_results")));
        }
        return cases;
    }

    private static long ToLong(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static int? Int(TomlTable table, string key) =>
        table.TryGetValue(key, out var v) && v is not null ? (int)ToLong(v) : null;

    private static bool? Bool(TomlTable table, string key) =>
        table.TryGetValue(key, out var v) && v is bool b ? b : null;

    [GeneratedRegex(@"^\s*join_keys\s*=\s*\[[^\]]*\]", RegexOptions.Multiline)]
    private static partial Regex JoinKeysArray();

    [GeneratedRegex(@"(?<![""\w])null(?![""\w])")]
    private static partial Regex BareNull();
}
