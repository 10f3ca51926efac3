using System.Text;

namespace Vigil.Rules.Guides;

/// <summary>HTML escaping for untrusted text (element content and quoted attribute values alike).</summary>
public static class HtmlText
{
    /// <summary>Escapes <c>&amp; &lt; &gt; " '</c>; control characters that HTML forbids become U+FFFD.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\n' or '\t' or '\r': builder.Append(c); break;
                case < ' ' or (>= '\u007F' and <= '\u009F'): builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A link target that is safe to put in <c>href</c>: http, https and mailto URLs and fragment/relative paths;
    /// anything else (javascript:, data:, vbscript:…) gives null and the link is shown as text.
    /// </summary>
    public static string? SafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        string trimmed = url.Trim();
        int colon = trimmed.IndexOf(':');
        int firstSeparator = trimmed.IndexOfAny(['/', '?', '#']);
        bool hasScheme = colon >= 0 && (firstSeparator < 0 || colon < firstSeparator);
        if (!hasScheme)
        {
            foreach (char c in trimmed)
            {
                // Browsers drop control characters and whitespace when looking for a scheme.
                if (char.IsControl(c))
                {
                    return null;
                }
            }

            return trimmed;
        }

        string scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" ? trimmed : null;
    }
}
