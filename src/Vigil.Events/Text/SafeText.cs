using System.Globalization;
using System.Text;

namespace Vigil.Events.Text;

/// <summary>
/// Makes untrusted text (event values, file names, parts of input lines) safe to print: control characters (an
/// event holding ESC[2J, an OSC 8 link or BEL would drive the analyst's terminal) and bidirectional overrides
/// (which reorder what the reader sees) are written as visible <c>\u001B</c> escapes. Every text output goes
/// through it: error messages, Markdown, tables, CSV.
/// </summary>
public static class SafeText
{
    /// <summary>Returns <paramref name="text"/> with every unsafe character written as <c>\u001B</c> etc.</summary>
    /// <param name="keepNewlines">Keep line feeds (and tabs) as they are; otherwise they are escaped too.</param>
    public static string Neutralise(string text, bool keepNewlines = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = 0;
        while (i < text.Length && !IsUnsafe(text[i], keepNewlines))
        {
            i++;
        }
        if (i == text.Length)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (IsUnsafe(c, keepNewlines))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="c"/> must not reach a terminal as it is.</summary>
    public static bool IsUnsafe(char c, bool keepNewlines) =>
        c switch
        {
            '\n' or '\t' => !keepNewlines,
            < ' ' => true,
            >= '\u007F' and <= '\u009F' => true,
            >= '\u202A' and <= '\u202E' => true,
            >= '\u2066' and <= '\u2069' => true,
            '\u200E' or '\u200F' or '\u061C' => true,
            _ => false,
        };
}
