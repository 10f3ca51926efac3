using System.Text;

namespace Vigil.Eql.Compilation;

/// <summary>
/// Turns query text into the byte runs that any JSON spelling of it must contain, for lines that hold no
/// <c>\u</c> and no <c>\/</c> escape (the prefilter always parses those lines).
/// </summary>
/// <remarks>
/// Why the spelling is unique under that assumption: JSON lets a string character be written raw or as an escape.
/// <c>"</c> and <c>\</c> must be escaped, as <c>\"</c>/<c>\\</c> or <c>\u0022</c>/<c>\u005C</c>; backspace, form feed,
/// line feed, carriage return and tab as <c>\b \f \n \r \t</c> or <c>\u00XX</c>; other control characters only as
/// <c>\u00XX</c>; <c>/</c> raw or <c>\/</c>; every other character raw (non-ASCII as its UTF-8 bytes) or
/// <c>\uXXXX</c>. Ruling out <c>\u</c> and <c>\/</c> leaves exactly one spelling per character, which is what this
/// class writes. A character with no spelling left (a control character other than the five, a lone surrogate)
/// breaks the run: the text around it is still required, but not as one piece.
/// </remarks>
internal static class JsonLiteralEncoder
{
    /// <summary>A run separator in an encoded sequence.</summary>
    private const int Break = -1;

    /// <summary>
    /// Appends the spelling of <paramref name="text"/> to <paramref name="output"/> (bytes, or <see cref="Break"/>).
    /// With <paramref name="asciiOnly"/> non-ASCII characters become breaks (for literals matched under ASCII
    /// folding). With <paramref name="wildcards"/>, <c>*</c>, <c>?</c> and <c>\</c> (a possible escape) also break.
    /// </summary>
    public static void Append(string text, bool asciiOnly, bool wildcards, List<int> output)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (wildcards && c is '*' or '?' or '\\')
            {
                output.Add(Break);
                continue;
            }
            switch (c)
            {
                case '"':
                    output.Add('\\');
                    output.Add('"');
                    continue;
                case '\\':
                    output.Add('\\');
                    output.Add('\\');
                    continue;
                case '\b':
                    output.Add('\\');
                    output.Add('b');
                    continue;
                case '\f':
                    output.Add('\\');
                    output.Add('f');
                    continue;
                case '\n':
                    output.Add('\\');
                    output.Add('n');
                    continue;
                case '\r':
                    output.Add('\\');
                    output.Add('r');
                    continue;
                case '\t':
                    output.Add('\\');
                    output.Add('t');
                    continue;
            }
            if (c < 0x20)
            {
                output.Add(Break);
                continue;
            }
            if (c < 0x80)
            {
                output.Add(c);
                continue;
            }
            // U+FFFD may stand for invalid UTF-8 that a reader replaced: its bytes are not certain to be in the line.
            if (asciiOnly || c == '\uFFFD')
            {
                output.Add(Break);
                continue;
            }
            int written;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                written = new Rune(c, text[i + 1]).EncodeToUtf8(utf8);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                output.Add(Break);
                continue;
            }
            else
            {
                written = new Rune(c).EncodeToUtf8(utf8);
            }
            foreach (var b in utf8[..written])
            {
                output.Add(b);
            }
        }
    }

    /// <summary>The longest run of <paramref name="encoded"/> (bytes between breaks), or null if all are empty.</summary>
    public static byte[]? LongestRun(List<int> encoded)
    {
        var bestStart = 0;
        var bestLength = 0;
        var start = 0;
        for (var i = 0; i <= encoded.Count; i++)
        {
            if (i == encoded.Count || encoded[i] == Break)
            {
                if (i - start > bestLength)
                {
                    bestStart = start;
                    bestLength = i - start;
                }
                start = i + 1;
            }
        }
        if (bestLength == 0)
        {
            return null;
        }
        var run = new byte[bestLength];
        for (var i = 0; i < bestLength; i++)
        {
            run[i] = (byte)encoded[bestStart + i];
        }
        return run;
    }

    /// <summary>Appends a quote that delimits a JSON string (the value's start or end).</summary>
    public static void AppendQuote(List<int> output) => output.Add('"');
}
