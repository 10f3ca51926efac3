using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Events.Prefilter;

namespace Vigil.Events.Tests.Prefilter;

public sealed class WholeStringIndexTests
{
    // Short strings over a tiny alphabet (quotes and backslashes included, so escapes occur), as keys and values.
    private static readonly Gen<string> Text = Gen.Char["aAb\"\\/ "].Array[0, 4].Select(chars => new string(chars));

    private static readonly Gen<byte[]> Line = Gen.Select(Text, Text).Array[0, 6].Select(pairs =>
    {
        var json = new StringBuilder("{");
        for (var i = 0; i < pairs.Length; i++)
        {
            json.Append(i > 0 ? "," : "").Append(JsonSerializer.Serialize(pairs[i].Item1 + i)).Append(':');
            json.Append(i % 3 == 2 ? "[1,true," + JsonSerializer.Serialize(pairs[i].Item2) + "]" : JsonSerializer.Serialize(pairs[i].Item2));
        }
        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    });

    private static readonly Gen<PrefilterLiteral> Literal = Gen.Select(Gen.Char["aAb\\/ "].Array[1, 4], Gen.Bool)
        .Select((chars, ignoreCase) =>
        {
            var quoted = Encoding.ASCII.GetBytes("\"" + new string(chars) + "\"");
            return ignoreCase ? PrefilterLiteral.IgnoringCase(quoted) : PrefilterLiteral.Exact(quoted);
        });

    // The oracle: System.Text.Json's tokens; a literal is present when a string or property name, spelled as in the
    // line, is its inner bytes (ASCII-folded when it ignores case).
    private static bool IsAToken(PrefilterLiteral literal, byte[] line)
    {
        var inner = literal.Bytes[1..^1].ToArray();
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                && (literal.IgnoreCase ? Ascii.EqualsIgnoreCase(reader.ValueSpan, inner) : reader.ValueSpan.SequenceEqual(inner)))
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public void FindsExactlyTheLiteralsThatAreAStringOfTheLine()
    {
        Gen.Select(Literal.Array[1, 12], Line).Sample((literals, line) =>
        {
            var ids = Enumerable.Range(0, literals.Length).Select(i => i * 3 + 1).ToArray();
            var index = new WholeStringIndex(literals, ids);
            var present = new ulong[1];
            var found = new List<int>();
            index.FindAll(line, present, found);
            var expected = ids.Where((id, i) => IsAToken(literals[i], line)).ToHashSet();
            Assert.Equal(expected, found.ToHashSet());
            Assert.Equal(found.Count, found.Distinct().Count());
        });
    }

    // A byte search would find "b" in "x\"b"; the string is x"b, which no == "b" can match.
    [Fact]
    public void AnEscapedQuoteDoesNotEndTheString()
    {
        var literals = new[] { PrefilterLiteral.Exact("\"b\""u8), PrefilterLiteral.IgnoringCase("\"CMD.exe\""u8) };
        var index = new WholeStringIndex(literals, [0, 1]);
        var present = new ulong[1];
        var found = new List<int>();
        index.FindAll("{\"a\":\"x\\\"b\",\"c\":\"cmd.EXE\"}"u8, present, found);
        Assert.Equal([1], found);
    }
}
