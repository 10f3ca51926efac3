using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Eql.Syntax;

namespace Vigil.Rules.Tests;

public sealed class NoteRendererTests
{
    private static RuleTransforms Osquery(params OsqueryTransform[] entries) =>
        new(new ValueList<OsqueryTransform>(entries), ValueList<InvestigateTransform>.Empty);

    [Fact]
    public void OsqueryEntryRendersWithSortedKeysAndNoSpaces()
    {
        var transforms = Osquery(new OsqueryTransform("Osquery - Ports", "SELECT * FROM listening_ports", null));
        var note = NoteRenderer.Render("- $osquery_0\n", transforms);
        Assert.Equal("- !{osquery{\"label\":\"Osquery - Ports\",\"query\":\"SELECT * FROM listening_ports\"}}\n", note);
    }

    [Fact]
    public void InvestigateEntryRendersNestedObjectsSorted()
    {
        var providers = new RawJson("""[[{"field":"host.id","excluded":false,"queryType":"phrase","value":"{{host.id}}","valueType":"string"}]]""");
        var transforms = new RuleTransforms(ValueList<OsqueryTransform>.Empty,
            new ValueList<InvestigateTransform>([new InvestigateTransform("Events on the host", "", providers, "now-48h/h", "now")]));
        var note = NoteRenderer.Render("$investigate_0", transforms);
        Assert.Equal(
            "!{investigate{\"description\":\"\",\"label\":\"Events on the host\",\"providers\":[[{\"excluded\":false,\"field\":\"host.id\",\"queryType\":\"phrase\",\"value\":\"{{host.id}}\",\"valueType\":\"string\"}]],\"relativeFrom\":\"now-48h/h\",\"relativeTo\":\"now\"}}",
            note);
    }

    [Fact]
    public void NonAsciiAndControlCharactersAreEscapedAsPythonDoes()
    {
        var transforms = Osquery(new OsqueryTransform("Résumé ✓", "SELECT \"a\\b\"\n\t", null));
        var note = NoteRenderer.Render("$osquery_0", transforms);
        Assert.Equal("!{osquery{\"label\":\"R\\u00e9sum\\u00e9 \\u2713\",\"query\":\"SELECT \\\"a\\\\b\\\"\\n\\t\"}}", note);
    }

    [Fact]
    public void SafeSubstitutionLeavesUnknownNamesAndFoldsDollarDollar()
    {
        var transforms = Osquery(new OsqueryTransform("L", "Q", null));
        Assert.Equal("$osquery_1 and $HOME cost $$ -> $ ${osquery_0} $",
            NoteRenderer.Render("$osquery_1 and $HOME cost $$$$ -> $$ ${osquery_0} $", transforms)
                .Replace("!{osquery{\"label\":\"L\",\"query\":\"Q\"}}", "${osquery_0}", StringComparison.Ordinal));
        // A placeholder followed by letters is another name and stays.
        Assert.Equal("$osquery_0x", NoteRenderer.Render("$osquery_0x", transforms));
    }

    [Fact]
    public void NoteWithoutTransformsIsUnchanged()
    {
        Assert.Equal("costs $$5 and $osquery_0", NoteRenderer.Render("costs $$5 and $osquery_0", RuleTransforms.Empty));
    }

    [Fact]
    public void CorpusNotesRenderLikeDetectionRules()
    {
        if (!TestPaths.HasCorpus)
        {
            return;
        }
        // Expected hashes were computed with Python's json.dumps(sort_keys=True, separators=(',',':')) and
        // string.Template.safe_substitute over the same files (an independent implementation).
        var expected = File.ReadAllLines(Path.Combine(TestPaths.Data, "rendered-note-sha256.tsv"))
            .Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        Assert.Equal(254, expected.Count);
        foreach (var (relative, hash) in expected.Select(e => (e[0], e[1])))
        {
            var rule = TomlRuleReader.ReadFile(Path.Combine(TestPaths.DetectionRules, relative)).Rule!;
            var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rule.RenderedNote!)));
            Assert.True(hash == actual, relative);
        }
    }

    [Fact]
    public void EcsMappingIsRenderedAsAnObject()
    {
        var mapping = new RawJson("""{"process.pid":{"field":"pid"}}""");
        var note = NoteRenderer.Render("$osquery_0", Osquery(new OsqueryTransform("L", "SELECT pid FROM processes", mapping)));
        Assert.Equal("!{osquery{\"ecs_mapping\":{\"process.pid\":{\"field\":\"pid\"}},\"label\":\"L\",\"query\":\"SELECT pid FROM processes\"}}", note);
        Assert.NotNull(JsonNode.Parse(note[9..^1]));
    }
}
