using System.Text.Json;
using Vigil.Eql.Semantics;

namespace Vigil.Kql.Tests;

/// <summary>
/// Runs <c>Conformance/kql-cases.json</c>: groups of small documents with a field mapping, and queries with the ids
/// of the documents Elasticsearch returns for the query Kibana's detection engine builds from them. Each case names
/// the Kibana test or Elastic document its expectation comes from; expectations were worked out by hand from those.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (group, index, _) in Load())
        {
            data.Add($"{group}#{index}");
        }
        return data;
    }

    private static IEnumerable<(string Group, int Index, JsonElement Case)> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "kql-cases.json")));
        var list = new List<(string, int, JsonElement)>();
        foreach (var group in document.RootElement.GetProperty("groups").EnumerateArray())
        {
            var name = group.GetProperty("name").GetString()!;
            var i = 0;
            foreach (var c in group.GetProperty("cases").EnumerateArray())
            {
                list.Add((name, i++, c.Clone()));
            }
        }
        return list;
    }

    [Fact]
    public void HasAtLeast150Cases()
    {
        Assert.True(Load().Count() >= 150, $"{Load().Count()} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLikeElasticsearch(string id)
    {
        var hash = id.LastIndexOf('#');
        var groupName = id[..hash];
        var index = int.Parse(id[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "kql-cases.json")));
        var group = document.RootElement.GetProperty("groups").EnumerateArray().First(g => g.GetProperty("name").GetString() == groupName);
        var schema = KqlHarness.SchemaOf(group.GetProperty("mapping").EnumerateObject()
            .Select(p => (p.Name, p.Value.GetString()!)).ToArray());
        var docs = group.GetProperty("docs").EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).ToList();
        var c = group.GetProperty("cases").EnumerateArray().ElementAt(index);
        var query = c.GetProperty("query").GetString()!;
        if (c.TryGetProperty("error", out var error) && error.GetBoolean())
        {
            var parsed = Syntax.KqlParser.Parse(query);
            var failed = !parsed.Success || !KqlHarness.Compile(query, schema).Success;
            Assert.True(failed, $"{query} should be rejected");
            return;
        }
        var expected = c.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToList();
        var matches = KqlHarness.Matcher(query, schema);
        var actual = docs.Where(d => matches(d.Item2)).Select(d => d.Name).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"{query}\n  expected [{string.Join(", ", expected)}]\n  actual   [{string.Join(", ", actual)}]\n  source: {c.GetProperty("source").GetString()}");
    }
}
