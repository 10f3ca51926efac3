using System.Text;

namespace Vigil.Cli.Output;

/// <summary>
/// Makes an event's text safe to show in one table or CSV cell: alert fields come from the events, which an attacker
/// may write, and an ESC or other control character there could rewrite the reader's terminal or split a row. C0
/// and C1 controls and DEL are shown escaped (<c>\x1B</c>), so nothing is lost and nothing is obeyed.
/// </summary>
public static class CellText
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (!value.Any(IsControl))
        {
            return value;
        }
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (IsControl(c))
            {
                text.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    // C0, DEL, C1, and the Unicode line/paragraph separators and bidi overrides, which also reorder what is shown.
    private static bool IsControl(char c) =>
        c < 0x20 || (c >= 0x7F && c <= 0x9F) || c is '\u2028' or '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
