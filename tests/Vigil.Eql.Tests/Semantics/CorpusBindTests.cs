using System.Text;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Vigil.Eql.Semantics;
using Vigil.Eql.Tests.Syntax;
using Xunit.Abstractions;

namespace Vigil.Eql.Tests.Semantics;

/// <summary>
/// Every EQL detection rule binds without errors against the schema of its index patterns, and every query of the
/// Elasticsearch QA suites binds without errors against the mapping of the index it runs on.
/// </summary>
public sealed class CorpusBindTests(ITestOutputHelper output)
{
    [Fact]
    public void DetectionRulesBindWithoutErrors()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rules = ReadRules();
        output.WriteLine($"read in {clock.ElapsedMilliseconds} ms");
        if (rules.Count == 0)
        {
            return;
        }
        Assert.Equal(1024, rules.Count);

        var failures = new StringBuilder();
        var warnings = 0;
        var rulesWithWarnings = 0;
        var warningCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var schema = rule.Indices.Count > 0 ? Schema.ForIndices(rule.Indices) : Schema.Default;
            var result = EqlAnalyzer.Analyze(rule.Query, schema);
            var ruleWarnings = 0;
            foreach (var diagnostic in result.Diagnostics)
            {
                if (diagnostic.IsError)
                {
                    failures.Append(rule.File).Append(": ").Append(diagnostic).Append('\n');
                }
                else
                {
                    ruleWarnings++;
                    var key = diagnostic.Message.Split(',')[0];
                    warningCounts[key] = warningCounts.GetValueOrDefault(key) + 1;
                }
            }
            warnings += ruleWarnings;
            rulesWithWarnings += ruleWarnings > 0 ? 1 : 0;
        }

        output.WriteLine($"analysed in {clock.ElapsedMilliseconds} ms");
        output.WriteLine($"{rules.Count} rules, {warnings} warnings in {rulesWithWarnings} rules");
        foreach (var (message, count) in warningCounts.OrderByDescending(p => p.Value).Take(40))
        {
            output.WriteLine($"{count,5} {message}");
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void ElasticsearchSuitesBindWithoutErrors()
    {
        var data = SharedFolder.Combine("corpus", "eql-elasticsearch", "data");
        var queries = SharedCorpus.ElasticsearchQueries();
        if (data is null || queries.Count == 0)
        {
            return;
        }
        var schemas = new Dictionary<string, Schema>(StringComparer.Ordinal);
        Schema Load(params string[] names)
        {
            var key = string.Join("+", names);
            if (!schemas.TryGetValue(key, out var schema))
            {
                // Each index is its mapping plus what Elasticsearch's dynamic mapping adds for the loaded events
                // (endgame-140's events are the stand-in file; see PROVENANCE.md).
                schema = Schema.Merge(names.Select(n =>
                {
                    var mapping = Schema.FromMappingText(File.ReadAllText(Path.Combine(data, n + ".mapping")));
                    var events = n.StartsWith("endgame-140", StringComparison.Ordinal) ? "endgame-140.stand-in.json" : n + ".data";
                    using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, events)),
                        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                    return mapping.WithDynamicFields(document.RootElement.EnumerateArray());
                }));
                schemas.Add(key, schema);
            }
            return schema;
        }

        // As against a real index, a field neither mapped nor present in the data is an error.
        var options = new EqlAnalyzerOptions { UnknownFieldsAreErrors = true };
        var failures = new StringBuilder();
        var count = 0;
        foreach (var query in queries)
        {
            // legacy/ holds pre-7.10 queries (single quotes, '=') that today's Elasticsearch refuses to parse.
            if (query.Source.StartsWith("legacy", StringComparison.Ordinal))
            {
                continue;
            }
            var schema = Path.GetFileName(query.Source) switch
            {
                "test_queries_date_nanos.toml" => Load("endgame-140-nanos"),
                "test_extra.toml" => Load("extra"),
                "test_missing_events.toml" => Load("missing-events"),
                "test_sample.toml" => Load("sample1", "sample2", "sample3"),
                "test_sample_multi.toml" => Load("sample-multi"),
                "test_failing_shards.toml" => Load("endgame-140", "endgame-shard-failures"),
                _ => Load("endgame-140"),
            };
            var result = EqlAnalyzer.Analyze(query.Query, schema, options);
            count++;
            foreach (var diagnostic in result.Diagnostics)
            {
                // One QA case compares a keyword-mapped optional field with a number on purpose; Elasticsearch
                // accepts it and so does the binder, with its mismatched-types warning.
                if (!diagnostic.IsError && query.ToString().Contains("optionalNoDocsFieldNumericEquality", StringComparison.Ordinal)
                    && diagnostic.Message.Contains("compares [keyword] with [integer]", StringComparison.Ordinal))
                {
                    continue;
                }
                failures.Append(query).Append(": ").Append(diagnostic).Append('\n');
            }
        }
        output.WriteLine($"{count} Elasticsearch QA queries bound");
        Assert.Equal(320, count);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    private sealed record RuleQuery(string File, string Query, IReadOnlyList<string> Indices);

    private static List<RuleQuery> ReadRules()
    {
        var result = new List<RuleQuery>();
        var root = SharedFolder.Combine("corpus", "detection-rules");
        if (root is null)
        {
            return result;
        }
        foreach (var sub in new[] { "rules", "rules_building_block" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, sub), "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var toml = File.ReadAllText(file);
                // Parsing TOML is the slow part; most rules are not EQL and never need it.
                if (!toml.Contains("\"eql\"", StringComparison.Ordinal))
                {
                    continue;
                }
                var model = TomlSerializer.Deserialize<TomlTable>(toml)!;
                if (model.TryGetValue("rule", out var r) && r is TomlTable rule
                    && rule.TryGetValue("language", out var language) && (string)language == "eql")
                {
                    var indices = new List<string>();
                    if (rule.TryGetValue("index", out var index) && index is TomlArray array)
                    {
                        indices.AddRange(array.OfType<string>());
                    }
                    result.Add(new RuleQuery(Path.GetRelativePath(root, file), (string)rule["query"], indices));
                }
            }
        }
        return result;
    }
}
