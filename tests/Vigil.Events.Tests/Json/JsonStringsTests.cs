using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Vigil.Events.Json;

namespace Vigil.Events.Tests.Json;

public sealed class JsonStringsTests
{
    private static string Unescaped(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        Assert.True(reader.Read());
        var destination = new byte[bytes.Length];
        var written = JsonStrings.CopyString(ref reader, destination);
        var viaString = JsonStrings.GetString(ref reader);
        var copied = Encoding.UTF8.GetString(destination, 0, written);
        Assert.Equal(copied, viaString);
        return copied;
    }

    [Theory]
    [InlineData("\"\\udd68\"", "\uFFFD")]
    [InlineData("\"a\\udd68b\"", "a\uFFFDb")]
    [InlineData("\"\\ud83d\"", "\uFFFD")]
    [InlineData("\"\\ud83dx\"", "\uFFFDx")]
    [InlineData("\"\\ud83d\\u0041\"", "\uFFFDA")]
    [InlineData("\"\\ud83d\\ud83d\\ude00\"", "\uFFFD\U0001F600")]
    [InlineData("\"\\ude00\\ud83d\"", "\uFFFD\uFFFD")]
    [InlineData("\"\\ud83d\\ude00 \\udd68\\n\"", "\U0001F600 \uFFFD\n")]
    public void An_unpaired_surrogate_escape_reads_as_the_replacement_character(string json, string expected)
    {
        // System.Text.Json itself refuses these strings: the reason this class exists.
        Assert.Throws<InvalidOperationException>(() =>
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            return reader.GetString();
        });
        Assert.Equal(expected, Unescaped(json));
    }

    [Fact]
    public void Every_other_escape_reads_as_system_text_json_reads_it()
    {
        Assert.Equal("\"\\/\b\f\n\r\t é€\U0001F600", Unescaped("\"\\\"\\\\\\/\\b\\f\\n\\r\\t \\u00e9\\u20AC\\ud83d\\ude00\""));
    }

    /// <summary>
    /// Oracle: .NET's UTF-8 encoder, which writes each unpaired surrogate of a string as U+FFFD (as Lucene does), given
    /// the string spelt as JSON with some characters escaped at random and some left as they are.
    /// </summary>
    [Fact]
    public void Unescaping_any_spelling_of_any_string_gives_its_utf8_with_unpaired_surrogates_replaced()
    {
        var unit = Gen.Frequency(
            (4, Gen.Char['a', 'z']),
            (2, Gen.Char['\uD800', '\uDFFF']),
            (1, Gen.OneOf(Gen.Const('"'), Gen.Const('\\'), Gen.Const('\n'), Gen.Const('\u0001'), Gen.Const('é'), Gen.Const('€'))));
        Gen.Select(unit.Array[0, 30], Gen.Bool.Array[30]).Sample((chars, escapeIt) =>
        {
            var text = new string(chars);
            var json = new StringBuilder("\"");
            for (var i = 0; i < chars.Length; i++)
            {
                var c = chars[i];
                if (escapeIt[i] || char.IsSurrogate(c) || c is '"' or '\\' || c < ' ')
                {
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    json.Append(c);
                }
            }
            json.Append('"');
            Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), Unescaped(json.ToString()));
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("{\"a\":\"\\udd68\"}", "{\"a\":\"\\ufffd\"}")]
    [InlineData("{\"\\ud800\":\"x\\ud83d\\ude00\\ud83dy\"}", "{\"\\ufffd\":\"x\\ud83d\\ude00\\ufffdy\"}")]
    [InlineData("{\"a\":\"\\\\udd68\"}", "{\"a\":\"\\\\udd68\"}")]
    [InlineData("{\"a\":\"\\ude00\\ud83d\"}", "{\"a\":\"\\ufffd\\ufffd\"}")]
    [InlineData("{\"a\":\"plain \\n \\u00e9\"}", "{\"a\":\"plain \\n \\u00e9\"}")]
    public void Unpaired_surrogate_escapes_are_rewritten_in_place_and_nothing_else(string json, string expected)
    {
        // The third case is an escaped backslash followed by the letters "udd68": text, not an escape.
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonStrings.WithUnpairedSurrogatesReplaced(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void Rewritten_text_reads_through_the_dom_as_the_lenient_reader_reads_it()
    {
        var unit = Gen.Frequency((4, Gen.Char['a', 'z']), (2, Gen.Char['\uD800', '\uDFFF']), (1, Gen.OneOf(Gen.Const('\\'), Gen.Const('u'), Gen.Const('"'))));
        unit.Array[0, 20].Sample(chars =>
        {
            var text = new string(chars);
            var json = new StringBuilder("{\"v\":\"");
            foreach (var c in chars)
            {
                json.Append(char.IsSurrogate(c) || c is '"' or '\\' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
            }
            json.Append("\"}");
            var rewritten = JsonStrings.WithUnpairedSurrogatesReplaced(Encoding.UTF8.GetBytes(json.ToString())).ToArray();
            using var document = JsonDocument.Parse(rewritten);
            Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)), document.RootElement.GetProperty("v").GetString());
        }, iter: 5_000);
    }
}
