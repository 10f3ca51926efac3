using System.Text.Json.Nodes;
using Tomlyn;
using Tomlyn.Model;

namespace Vigil.Rules.Tests;

public sealed class KibanaRoundTripTests
{
    private static List<Rule> CorpusRules() =>
        RuleLoader.Load([Path.Combine(TestPaths.DetectionRules, "rules"), Path.Combine(TestPaths.DetectionRules, "rules_building_block")])
            .SelectMany(f => f.Rules).Select(r => r.Rule!).ToList();

    [Fact]
    public void CorpusSurvivesTomlToNdjsonToModel()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        var rules = CorpusRules();
        var export = KibanaNdjsonWriter.WriteToString(rules);
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rules.Count + 1, lines.Length);
        var summary = JsonNode.Parse(lines[^1])!.AsObject();
        Assert.Equal(rules.Count, summary["exported_rules_count"]!.GetValue<int>());

        var back = KibanaNdjsonReader.Read(export, "corpus.ndjson");
        Assert.Empty(back.FileProblems);
        Assert.NotNull(back.ExportSummary);
        Assert.Equal(rules.Count, back.Rules.Count);
        Assert.All(back.Rules, r => Assert.False(r.HasErrors, string.Join("; ", r.Problems)));

        for (var i = 0; i < rules.Count; i++)
        {
            var a = rules[i];
            var b = back.Rules[i].Rule!;
            var what = a.Source.Path;
            // Every modelled value survives, field by field (records compare lists by content).
            Assert.True(a with { Source = RuleSource.None, LocalizedNotes = Empty } == b with { Source = RuleSource.None, LocalizedNotes = Empty }, what);
            Assert.Equal(a.LocalizedNotes.OrderBy(p => p.Key), b.LocalizedNotes.OrderBy(p => p.Key));
            Assert.Equal(a.RenderedNote, b.RenderedNote);
        }
        // Writing the re-read rules gives the same bytes.
        Assert.Equal(export, KibanaNdjsonWriter.WriteToString(back.Rules.Select(r => r.Rule!)));
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    [Fact]
    public void ExportHoldsEveryTomlRuleValue()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        // Oracle independent of the Rule model: the raw [rule] table, read with Tomlyn's untyped model, must appear
        // in the exported object (note rendered, new_terms flattened to Kibana's two keys).
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.DetectionRules, "rules"), "*.toml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.DetectionRules, "rules_building_block"), "*.toml"))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var raw = (TomlTable)TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(file))!["rule"]!;
            var rule = TomlRuleReader.ReadFile(file).Rule!;
            var exported = KibanaRuleJson.ToJson(rule);
            foreach (var (key, value) in raw)
            {
                switch (key)
                {
                    case "note":
                        Assert.Equal(rule.RenderedNote, exported["note"]!.GetValue<string>());
                        break;
                    case "new_terms":
                        var nt = (TomlTable)value!;
                        Assert.True(JsonNode.DeepEquals(ToJson(nt["value"]), exported["new_terms_fields"]), file);
                        var window = ((TomlTableArray)nt["history_window_start"]!)[0]["value"];
                        Assert.Equal(window, exported["history_window_start"]!.GetValue<string>());
                        break;
                    case "machine_learning_job_id" when value is string single:
                        Assert.Equal(single, exported[key]![0]!.GetValue<string>());
                        break;
                    case "threshold" when ((TomlTable)value!)["field"] is string field:
                        Assert.Equal(field, exported[key]!["field"]![0]!.GetValue<string>());
                        break;
                    default:
                        Assert.True(Contains(exported[key], ToJson(value)), $"{file}: {key}");
                        break;
                }
            }
        }
    }

    // Whether every member of `expected` is in `actual` with the same value (arrays element by element).
    private static bool Contains(JsonNode? actual, JsonNode? expected)
    {
        switch (expected)
        {
            case JsonObject eo:
                return actual is JsonObject ao && eo.All(p => Contains(ao[p.Key], p.Value));
            case JsonArray ea:
                return actual is JsonArray aa && aa.Count == ea.Count && ea.Select((e, i) => Contains(aa[i], e)).All(x => x);
            case null:
                return actual is null;
            default:
                if (actual is null)
                {
                    return false;
                }
                // severity_mapping / risk_score_mapping values are strings in Kibana.
                return JsonNode.DeepEquals(actual, expected) || actual.ToJsonString() == "\"" + expected.ToJsonString().Trim('"') + "\"";
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        TomlTable t => new JsonObject(t.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        TomlTableArray ta => new JsonArray(ta.Select(x => ToJson(x)).ToArray()),
        TomlArray a => new JsonArray(a.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    [Fact]
    public void SeedRuleRoundTripsWithItsChineseGuide()
    {
        var rule = TomlRuleReader.ReadFile(TestPaths.SeedRule).Rule!;
        var export = KibanaNdjsonWriter.WriteToString([rule]);
        var back = KibanaNdjsonReader.Read(export, "seed.ndjson").Rules.Single().Rule!;
        Assert.Equal(rule.LocalizedNotes["zh-CN"], back.LocalizedNotes["zh-CN"]);
        Assert.Equal(rule.Transforms, back.Transforms);
        Assert.Equal(rule.Note, back.Note);
        Assert.Equal(6, back.Version);
        Assert.Equal(rule.Metadata, back.Metadata);
    }
}
