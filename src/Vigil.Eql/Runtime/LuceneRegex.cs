using System.Globalization;
using System.Text;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Translates a pattern of Elasticsearch's <c>regex</c> operator — Lucene's RegExp syntax, because ES turns the
/// operator into a <c>regexp</c> query — into an equivalent .NET pattern for the non-backtracking engine.
/// The differences that matter in real rules: a backslash escapes ANY character in Lucene (<c>\_</c>, which .NET
/// rejects), <c>^</c> and <c>$</c> are plain characters (Lucene patterns are always anchored), <c>"..."</c> quotes a
/// literal string, <c>@</c> is any string and <c>#</c> the empty language, and <c>\d \s \w</c> are ASCII classes.
/// Lucene's complement (<c>~</c>), intersection (<c>&amp;</c>) and numeric intervals (<c>&lt;1-10&gt;</c>) have no
/// lookaround-free .NET equivalent, so they are refused with a clear message rather than matched differently.
/// </summary>
public static class LuceneRegex
{
    /// <summary>Translates <paramref name="pattern"/>; false with <paramref name="error"/> when it cannot be expressed.</summary>
    public static bool TryTranslate(string pattern, out string translated, out string? error)
    {
        var output = new StringBuilder(pattern.Length + 8);
        error = null;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    return Fail("the pattern ends with a lone backslash", out translated, out error);
                }
                var next = pattern[++i];
                output.Append(ShorthandClass(next, inClass) ?? Literal(next));
                continue;
            }
            if (inClass)
            {
                switch (c)
                {
                    case ']':
                        inClass = false;
                        output.Append(']');
                        break;
                    case '[':
                        output.Append(@"\[");
                        break;
                    default:
                        output.Append(c);
                        break;
                }
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append('[');
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        output.Append('^');
                        i++;
                    }
                    break;
                case '"':
                    var close = pattern.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        return Fail("a quoted string in the pattern is not closed", out translated, out error);
                    }
                    output.Append("(?:");
                    foreach (var quoted in pattern.AsSpan(i + 1, close - i - 1))
                    {
                        output.Append(Literal(quoted));
                    }
                    output.Append(')');
                    i = close;
                    break;
                case '@':
                    output.Append("(?:.*)");
                    break;
                case '#':
                    output.Append(@"[^\s\S]");
                    break;
                case '^' or '$':
                    output.Append('\\').Append(c);
                    break;
                case '~':
                    return Fail("Lucene's complement operator '~' is not supported", out translated, out error);
                case '&':
                    return Fail("Lucene's intersection operator '&' is not supported", out translated, out error);
                case '<':
                    return Fail("Lucene's numeric interval '<n-m>' is not supported", out translated, out error);
                default:
                    output.Append(c);
                    break;
            }
        }
        if (inClass)
        {
            return Fail("a character class '[' is not closed", out translated, out error);
        }
        translated = output.ToString();
        return true;
    }

    private static string? ShorthandClass(char c, bool inClass) => c switch
    {
        'd' => inClass ? "0-9" : "[0-9]",
        'D' => inClass ? null : "[^0-9]",
        's' => inClass ? @" \t\n\r\f\v" : @"[ \t\n\r\f\v]",
        'S' => inClass ? null : @"[^ \t\n\r\f\v]",
        'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
        'W' => inClass ? null : "[^a-zA-Z0-9_]",
        _ => null,
    };

    /// <summary>One character as a .NET literal: letters, digits and underscore as they are, the rest escaped by code.</summary>
    private static string Literal(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || c > 0x7F && !char.IsControl(c)
            ? c.ToString()
            : @"\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    private static bool Fail(string message, out string translated, out string? error)
    {
        translated = "";
        error = message;
        return false;
    }
}
