using System.Globalization;
using System.Text;

namespace Vigil.Rules.Guides;

/// <summary>
/// The guide as filled Markdown: the note's own Markdown unchanged, each plugin block replaced by a readable inline
/// form (<c>**[osquery 3] Label**: `SELECT …`</c>). Alert-derived text only ever appears inside code spans.
/// </summary>
public static class MarkdownGuideRenderer
{
    /// <summary>Renders <paramref name="guide"/> as Markdown.</summary>
    public static string Render(InvestigationGuide guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        var builder = new StringBuilder(guide.Markdown.Length + 256);
        GuideMarkers.Split(guide.Markdown, text => builder.Append(text), index =>
        {
            if (index < guide.Items.Count)
            {
                builder.Append(Item(guide.Items[index], guide));
            }
        });
        // Alert values reach the Markdown through the filled queries: whoever wrote the event must not get to drive
        // the terminal the Markdown is shown in.
        string text = TerminalText.Sanitize(builder.ToString(), keepNewlines: true);
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private static string Item(GuideItem item, InvestigationGuide guide)
    {
        var builder = new StringBuilder();
        switch (item)
        {
            case OsqueryGuideItem osquery:
                builder.Append("**").Append(Escape(item.Tag + " " + osquery.DisplayLabel)).Append("**: ")
                    .Append(CodeSpan(osquery.Query.Text));
                AppendStatus(builder, item.Status, osquery.Query.MissingFields, osquery.Query.Fields);
                break;
            case InvestigateGuideItem investigate:
                builder.Append("**").Append(Escape(item.Tag + " " + investigate.Button.Label)).Append("**: ")
                    .Append(CodeSpan(string.Join(" OR ", investigate.DescribeGroups())));
                if (investigate.DescribeRelativeRange() is { } range)
                {
                    builder.Append(", time ").Append(CodeSpan(range));
                    if (investigate.From is { } from && investigate.To is { } to)
                    {
                        builder.Append(" (").Append(CodeSpan(Iso(from) + " to " + Iso(to))).Append(')');
                    }
                }

                var fields = new List<string>();
                foreach (var group in investigate.Groups)
                {
                    foreach (var provider in group)
                    {
                        fields.AddRange(provider.Value.Fields);
                    }
                }

                AppendStatus(builder, item.Status, investigate.MissingFields, fields.Distinct().ToList());
                break;
            case InvalidGuideItem invalid:
                builder.Append("**").Append(Escape(item.Tag)).Append("** _").Append(Escape(invalid.Error)).Append("_: ")
                    .Append(CodeSpan(guide.Note.Substring(item.Block.Start, item.Block.Length)));
                break;
        }

        return builder.ToString();
    }

    private static void AppendStatus(StringBuilder builder, GuideItemStatus status, IReadOnlyList<string> missing, IReadOnlyList<string> fields)
    {
        if (status == GuideItemStatus.Skipped)
        {
            builder.Append(" _(skipped: the alert has no ").Append(Escape(string.Join(", ", missing))).Append(")_");
        }
        else if (status == GuideItemStatus.Template)
        {
            builder.Append(" _(placeholders: ").Append(Escape(string.Join(", ", fields))).Append(")_");
        }
    }

    /// <summary>A code span that holds any text: a fence longer than any backtick run inside, line breaks flattened.</summary>
    public static string CodeSpan(string text)
    {
        string flat = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
        int longest = 0, run = 0;
        foreach (char c in flat)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        string fence = new('`', longest + 1);
        bool pad = flat.Length == 0 || flat[0] == '`' || flat[^1] == '`' || (flat[0] == ' ' && flat[^1] == ' ');
        return pad ? fence + " " + flat + " " + fence : fence + flat + fence;
    }

    /// <summary>Backslash-escapes Markdown punctuation so text shows literally.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '!' or '|' or '&' or '(' or ')' or '{' or '}' or '~')
            {
                builder.Append('\\');
            }

            builder.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return builder.ToString();
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
