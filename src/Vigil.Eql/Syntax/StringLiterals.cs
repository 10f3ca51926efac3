using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace Vigil.Eql.Syntax;

/// <summary>Reading string literals into values, and writing values back as canonical EQL literals.</summary>
internal static class StringLiterals
{
    /// <summary>
    /// The value of a string token the lexer has accepted (so every escape in it is known to be valid).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Decode(ReadOnlySpan<char> token, TokenKind kind)
    {
        if (kind == TokenKind.RawString)
        {
            return token[3..^3].ToString();
        }
        if (kind == TokenKind.QuestionRawString)
        {
            // ?"..." keeps every backslash except the one before its own quote character (the Python engine's rule).
            var quote = token[1];
            return token[2..^1].ToString().Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
        }
        var body = token[1..^1];
        var backslash = body.IndexOf('\\');
        if (backslash < 0)
        {
            return body.ToString();
        }
        var builder = new StringBuilder(body.Length);
        builder.Append(body[..backslash]);
        for (var i = backslash; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            var escaped = body[++i];
            switch (escaped)
            {
                case 'b': builder.Append('\b'); break;
                case 't': builder.Append('\t'); break;
                case 'n': builder.Append('\n'); break;
                case 'f': builder.Append('\f'); break;
                case 'r': builder.Append('\r'); break;
                case 'u':
                    var close = body[i..].IndexOf('}') + i;
                    var code = int.Parse(body[(i + 2)..close], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    builder.Append(char.ConvertFromUtf32(code));
                    i = close;
                    break;
                default: builder.Append(escaped); break; // \" \' \\
            }
        }
        return builder.ToString();
    }

    /// <summary>A <c>"..."</c> literal for <paramref name="value"/> with the fewest escapes that read back exactly.</summary>
    public static void WriteQuoted(StringBuilder output, string value)
    {
        output.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                default:
                    if (char.IsControl(c))
                    {
                        output.Append("\\u{").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)).Append('}');
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
        output.Append('"');
    }

    /// <summary>
    /// True when <c>"""value"""</c> reads back as <paramref name="value"/>: one line, and no <c>"""</c> inside
    /// (a raw string ends at the first <c>"""</c>, taking at most two more quotes with it).
    /// </summary>
    public static bool CanWriteRaw(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n') < 0 && !value.Contains("\"\"\"", StringComparison.Ordinal);
}
