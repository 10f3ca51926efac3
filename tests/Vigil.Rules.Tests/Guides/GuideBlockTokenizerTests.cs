using System.Text.Json;
using CsCheck;
using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class GuideBlockTokenizerTests
{
    [Fact]
    public void FindsOsqueryAndInvestigateBlocksWithPlacesAndNumbers()
    {
        string note = "intro\n- !{osquery{\"label\":\"A\",\"query\":\"SELECT 1\"}}\n- x !{investigate{\"label\":\"I\",\"providers\":[]}} y\n- !{osquery{\"query\":\"SELECT 2\"}}";
        var blocks = GuideBlockTokenizer.Tokenize(note);
        Assert.Equal(3, blocks.Count);
        Assert.Equal((GuideBlockKind.Osquery, 1, 2, 3), (blocks[0].Kind, blocks[0].Number, blocks[0].Line, blocks[0].Column));
        Assert.Equal((GuideBlockKind.Investigate, 1, 3, 5), (blocks[1].Kind, blocks[1].Number, blocks[1].Line, blocks[1].Column));
        Assert.Equal((GuideBlockKind.Osquery, 2, 4, 3), (blocks[2].Kind, blocks[2].Number, blocks[2].Line, blocks[2].Column));
        Assert.All(blocks, b => Assert.Null(b.Error));
        Assert.Equal("!{osquery{\"label\":\"A\",\"query\":\"SELECT 1\"}}", note.Substring(blocks[0].Start, blocks[0].Length));
        Assert.Equal("{\"label\":\"I\",\"providers\":[]}", blocks[1].Json);
        Assert.Equal(" y", note.Substring(blocks[1].Start + blocks[1].Length, 2));
    }

    [Fact]
    public void BracesInsideJsonStringsDoNotEndTheBlock()
    {
        string block = "!{osquery{\"label\":\"weird }} label {\",\"query\":\"SELECT * FROM users WHERE username = {{user.name}} AND x = '}'\"}}";
        var blocks = GuideBlockTokenizer.Tokenize("before " + block + " after");
        var only = Assert.Single(blocks);
        Assert.Null(only.Error);
        Assert.Equal(block.Length, only.Length);
        Assert.Equal(7, only.Start);
    }

    [Fact]
    public void EscapedQuotesInsideStringsAreHandled()
    {
        string block = "!{osquery{\"query\":\"SELECT \\\"}\\\" AS x\"}}";
        var only = Assert.Single(GuideBlockTokenizer.Tokenize(block + "tail"));
        Assert.Null(only.Error);
        Assert.Equal(block.Length, only.Length);
    }

    [Fact]
    public void BadJsonIsReportedAndLaterBlocksStillRead()
    {
        string note = "!{osquery{\"query\":\"SELECT 1\",}}\ntext\n!{osquery{\"query\":\"SELECT 2\"}}";
        var blocks = GuideBlockTokenizer.Tokenize(note);
        Assert.Equal(2, blocks.Count);
        Assert.NotNull(blocks[0].Error);
        Assert.StartsWith("Unable to parse osquery JSON configuration", blocks[0].Error);
        Assert.Equal("!{osquery{\"query\":\"SELECT 1\",}}".Length, blocks[0].Length);
        Assert.Null(blocks[1].Error);
        Assert.Equal(2, blocks[1].Number);
    }

    [Fact]
    public void UnterminatedBlockStopsAtItsLineAndTheRestOfTheNoteSurvives()
    {
        string note = "- !{osquery{\"query\":\"SELECT 1\"\n- next item";
        var only = Assert.Single(GuideBlockTokenizer.Tokenize(note));
        Assert.NotNull(only.Error);
        Assert.Contains("not closed", only.Error);
        Assert.Equal(note.IndexOf('\n'), only.Start + only.Length);
    }

    [Fact]
    public void UnbalancedQuoteFallsBackToBraceCounting()
    {
        // The stray quote would swallow the rest of the note if strings were honoured blindly.
        string note = "!{osquery{\"query\":\"SELECT 1}}\nnext !{osquery{\"query\":\"SELECT 2\"}}";
        var blocks = GuideBlockTokenizer.Tokenize(note);
        Assert.Equal(2, blocks.Count);
        Assert.NotNull(blocks[0].Error);
        Assert.Equal("!{osquery{\"query\":\"SELECT 1}}".Length, blocks[0].Length);
        Assert.Null(blocks[1].Error);
    }

    [Fact]
    public void MissingClosingBraceAfterTheObjectIsAnError()
    {
        var only = Assert.Single(GuideBlockTokenizer.Tokenize("!{osquery{\"query\":\"SELECT 1\"} and text"));
        Assert.Contains("expected '}' to close the block", only.Error);
    }

    [Theory]
    [InlineData("!{osquery {\"query\":\"x\"}}")]
    [InlineData("!{osqueryx{\"query\":\"x\"}}")]
    [InlineData("!{timeline{\"query\":\"x\"}}")]
    [InlineData("!{osquery")]
    [InlineData("{{user.name}} and !{ nothing")]
    public void TextThatIsNotABlockIsLeftAlone(string note) => Assert.Empty(GuideBlockTokenizer.Tokenize(note));

    [Fact]
    public void AnyJsonEncodedQueryIsFoundWholeInsideAnyText()
    {
        var text = Gen.String[Gen.Char.AlphaNumeric, 0, 20];
        var payload = Gen.String[Gen.OneOf(Gen.Char['{', '}'], Gen.Char['"', '\\'], Gen.Char.AlphaNumeric, Gen.Const('\n'), Gen.Const('é')), 0, 40];
        Gen.Select(text, payload, text).Sample((before, query, after) =>
        {
            string json = JsonSerializer.Serialize(new { label = "L", query });
            string note = before + "!{osquery" + json + "}" + after;
            var only = Assert.Single(GuideBlockTokenizer.Tokenize(note));
            Assert.Null(only.Error);
            Assert.Equal(json, only.Json);
            Assert.Equal(after, note[(only.Start + only.Length)..]);
            var button = OsqueryButton.TryRead(only.Json, out _);
            Assert.Equal(query, button!.Query);
        }, iter: 500);
    }
}
