using System.Globalization;
using System.Text;

namespace Vigil.Rules.Guides;

/// <summary>
/// Makes untrusted text safe for a terminal: control characters (an alert value holding ESC could rewrite the
/// screen) and bidirectional overrides (which reorder what the reader sees) are shown as visible escapes instead.
/// </summary>
public static class TerminalText
{
    /// <summary>Returns <paramref name="text"/> with every unsafe character written as <c>\u001B</c> etc.</summary>
    /// <param name="keepNewlines">Keep line feeds (and tabs) as they are.</param>
    public static string Sanitize(string text, bool keepNewlines = true)
    {
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

    private static bool IsUnsafe(char c, bool keepNewlines) =>
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
