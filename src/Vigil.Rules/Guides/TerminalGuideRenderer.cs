using System.Globalization;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Vigil.Rules.Guides;

/// <summary>
/// Renders a guide for a terminal: headings, lists, quotes, code and links laid out as text, each Osquery block as a
/// numbered label with its filled query alone on the next line (ready to copy), each Investigate block as its
/// conditions and time range. ANSI styling only when asked for; untrusted text is sanitised either way.
/// </summary>
public sealed class TerminalGuideRenderer
{
    private const string ItemIndent = "    ";
    private readonly InvestigationGuide guide;
    private readonly TerminalStyle style;
    private int depth;

    private TerminalGuideRenderer(InvestigationGuide guide, bool color)
    {
        this.guide = guide;
        style = new TerminalStyle(color);
    }

    /// <summary>The guide as terminal text, ending with a newline.</summary>
    /// <param name="guide">The filled guide.</param>
    /// <param name="color">Write ANSI styles (false for NO_COLOR or redirected output).</param>
    public static string Render(InvestigationGuide guide, bool color)
    {
        ArgumentNullException.ThrowIfNull(guide);
        var renderer = new TerminalGuideRenderer(guide, color);
        var lines = renderer.Header();
        var body = renderer.RenderContainer(GuideMarkdown.Parse(guide.Markdown), tight: false);
        if (lines.Count > 0 && body.Count > 0)
        {
            lines.Add("");
        }

        lines.AddRange(body);
        var builder = new StringBuilder();
        foreach (string line in lines)
        {
            builder.Append(line.TrimEnd(' ')).Append('\n');
        }

        return builder.ToString();
    }

    private List<string> Header()
    {
        var lines = new List<string>();
        if (guide.Title is { Length: > 0 } title)
        {
            lines.Add(style.Bold(Safe(title)));
        }

        var facts = new List<string>();
        AddFact(facts, "rule_id", guide.RuleId);
        var alert = guide.Alert;
        if (alert is not null)
        {
            AddFact(facts, "alert", alert.Id);
            AddFact(facts, "@timestamp", alert.TryGetText("@timestamp"));
            AddFact(facts, "host.name", alert.TryGetText("host.name"));
            AddFact(facts, "user.name", alert.TryGetText("user.name"));
            AddFact(facts, "agent.id", alert.TryGetText("agent.id"));
        }
        else
        {
            facts.Add(style.Dim("no alert: placeholders are shown unfilled"));
        }

        lines.AddRange(facts);
        foreach (string notice in guide.Notices)
        {
            lines.Add(style.Yellow("note: " + Safe(notice)));
        }

        if (lines.Count > 0)
        {
            lines.Add(style.Dim(new string('─', 60)));
        }

        return lines;
    }

    private void AddFact(List<string> facts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            facts.Add(style.Dim(name + ": ") + Safe(value));
        }
    }

    private List<string> RenderContainer(ContainerBlock container, bool tight)
    {
        var lines = new List<string>();
        bool first = true;
        // Past the depth limit the rest of the subtree is laid out flat, without recursion.
        IEnumerable<Block> blocks = depth >= GuideMarkdown.MaxRenderDepth ? MarkdownLeaves.Of(container) : container;
        foreach (var block in blocks)
        {
            var blockLines = RenderBlock(block);
            if (blockLines.Count == 0)
            {
                continue;
            }

            if (!first && !tight)
            {
                lines.Add("");
            }

            lines.AddRange(blockLines);
            first = false;
        }

        return lines;
    }

    private List<string> RenderBlock(Block block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                string marks = new string('#', heading.Level) + " ";
                return [style.Bold(style.Cyan(marks + InlineText(heading.Inline)))];
            case ParagraphBlock paragraph:
                return SplitLines(InlineText(paragraph.Inline));
            case ListBlock list:
                return RenderList(list);
            case QuoteBlock quote:
                var quoted = Nested(() => RenderContainer(quote, tight: false));
                string bar = depth >= GuideMarkdown.MaxRenderDepth ? "" : style.UsesColor ? style.Dim("│ ") : "> ";
                for (int i = 0; i < quoted.Count; i++)
                {
                    quoted[i] = bar + quoted[i];
                }

                return quoted;
            case CodeBlock code:
                var codeLines = new List<string>();
                foreach (string line in SplitLines(GuideMarkers.Restore(code.Lines.ToString(), guide.Items, guide.Note)))
                {
                    codeLines.Add(ItemIndent + style.Cyan(Safe(line)));
                }

                return codeLines;
            case ThematicBreakBlock:
                return [style.Dim(new string(style.UsesColor ? '─' : '-', 40))];
            case LinkReferenceDefinitionGroup:
                return [];
            case ContainerBlock other:
                return RenderContainer(other, tight: false);
            case LeafBlock leaf when leaf.Inline is not null:
                return SplitLines(InlineText(leaf.Inline));
            case LeafBlock leaf:
                return SplitLines(Safe(leaf.Lines.ToString()));
            default:
                return [];
        }
    }

    private List<string> Nested(Func<List<string>> render)
    {
        depth++;
        try
        {
            return render();
        }
        finally
        {
            depth--;
        }
    }

    private List<string> RenderList(ListBlock list)
    {
        var lines = new List<string>();
        int number = 1;
        if (list.IsOrdered && !int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            number = 1;
        }

        bool firstItem = true;
        foreach (var child in list)
        {
            if (child is not ListItemBlock item)
            {
                continue;
            }

            string bullet = list.IsOrdered
                ? number.ToString(CultureInfo.InvariantCulture) + (list.OrderedDelimiter == ')' ? ") " : ". ")
                : "• ";
            number++;
            // Past the depth limit items keep their bullet but stop indenting, so deep nesting stays linear.
            string indent = depth >= GuideMarkdown.MaxRenderDepth ? "" : new(' ', bullet.Length);
            var itemLines = Nested(() => RenderContainer(item, tight: !list.IsLoose));
            if (!firstItem && list.IsLoose)
            {
                lines.Add("");
            }

            if (itemLines.Count == 0)
            {
                lines.Add(style.Dim(bullet).TrimEnd());
            }

            for (int i = 0; i < itemLines.Count; i++)
            {
                string line = itemLines[i];
                lines.Add(i == 0 ? style.Dim(bullet) + line : line.Length == 0 ? "" : indent + line);
            }

            firstItem = false;
        }

        return lines;
    }

    private string InlineText(ContainerInline? container)
    {
        var builder = new StringBuilder();
        if (container is not null)
        {
            AppendInlines(builder, container);
        }

        // A block placed mid-line ends its own line; drop the blank line that leaves at the paragraph's end.
        return builder.ToString().TrimEnd('\n');
    }

    private void AppendInlines(StringBuilder builder, ContainerInline container)
    {
        foreach (var inline in container)
        {
            AppendInline(builder, inline);
        }
    }

    private void AppendInline(StringBuilder builder, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                GuideMarkers.Split(
                    literal.Content.ToString(),
                    text => builder.Append(Safe(AfterItem(builder) ? text.TrimStart(' ') : text)),
                    index => AppendItem(builder, index));
                break;
            case CodeInline code:
                string content = Safe(GuideMarkers.Restore(code.Content, guide.Items, guide.Note));
                builder.Append(style.UsesColor ? style.Cyan(content) : "`" + content + "`");
                break;
            case EmphasisInline emphasis:
                var inner = new StringBuilder();
                AppendInlines(inner, emphasis);
                builder.Append(emphasis.DelimiterCount >= 2 ? style.Bold(inner.ToString()) : style.Italic(inner.ToString()));
                break;
            case LinkInline link:
                var text = new StringBuilder();
                AppendInlines(text, link);
                string url = Safe(link.GetDynamicUrl?.Invoke() ?? link.Url ?? "");
                string label = text.ToString();
                if (link.IsImage)
                {
                    builder.Append(style.Dim("[image: " + label + "] ")).Append(style.Underline(url));
                }
                else if (label.Length == 0 || label == url)
                {
                    builder.Append(style.Underline(url));
                }
                else
                {
                    builder.Append(style.Underline(label)).Append(style.Dim(" (" + url + ")"));
                }

                break;
            case AutolinkInline autolink:
                builder.Append(style.Underline(Safe(autolink.Url)));
                break;
            case LineBreakInline:
                builder.Append('\n');
                break;
            case HtmlEntityInline entity:
                builder.Append(Safe(entity.Transcoded.ToString()));
                break;
            case HtmlInline html:
                builder.Append(Safe(html.Tag));
                break;
            case ContainerInline other:
                AppendInlines(builder, other);
                break;
            default:
                builder.Append(Safe(inline.ToString() ?? ""));
                break;
        }
    }

    // Text that follows a block starts its own line (see AppendItem), without the space that separated them.
    private static bool AfterItem(StringBuilder builder) => builder.Length > 0 && builder[^1] == '\n';

    private void AppendItem(StringBuilder builder, int index)
    {
        if (index >= guide.Items.Count)
        {
            return;
        }

        // The label line continues the text before the block; the body lines follow, and the text after the block
        // starts a new line so that a copied query never carries prose with it.
        builder.Append(string.Join('\n', ItemLines(guide.Items[index]))).Append('\n');
    }

    /// <summary>The lines of one item: a tagged label line, then indented body lines.</summary>
    private List<string> ItemLines(GuideItem item)
    {
        var lines = new List<string>();
        switch (item)
        {
            case OsqueryGuideItem osquery:
                lines.Add(style.Bold(style.Yellow(item.Tag)) + " " + style.Bold(Safe(osquery.DisplayLabel, keepNewlines: false)) + StatusSuffix(item, osquery.Query.MissingFields, osquery.Query.Fields));
                foreach (string line in SplitLines(osquery.Query.Text))
                {
                    lines.Add(ItemIndent + style.Green(Safe(line)));
                }

                break;
            case InvestigateGuideItem investigate:
                lines.Add(style.Bold(style.Magenta(item.Tag)) + " " + style.Bold(Safe(investigate.Button.Label, keepNewlines: false)) + StatusSuffix(item, investigate.MissingFields, TemplateFields(investigate)));
                if (investigate.Button.Description.Length > 0)
                {
                    lines.Add(ItemIndent + Safe(investigate.Button.Description, keepNewlines: false));
                }

                var groups = investigate.DescribeGroups();
                for (int i = 0; i < groups.Count; i++)
                {
                    lines.Add(ItemIndent + (i == 0 ? "" : style.Dim("OR ")) + Safe(groups[i], keepNewlines: false));
                }

                if (investigate.DescribeRelativeRange() is { } range)
                {
                    string resolved = investigate.From is { } from && investigate.To is { } to
                        ? $" ({FormatTime(from)} to {FormatTime(to)})"
                        : guide.Alert is null ? " (relative to the alert's @timestamp)" : "";
                    lines.Add(ItemIndent + style.Dim("time: ") + Safe(range) + resolved);
                }

                break;
            case InvalidGuideItem invalid:
                lines.Add(style.Bold(style.Red(item.Tag + " ✗ " + Safe(invalid.Error))));
                lines.Add(ItemIndent + style.Dim(Safe(guide.Note.Substring(item.Block.Start, item.Block.Length), keepNewlines: false)));
                break;
        }

        return lines;
    }

    private static IReadOnlyList<string> TemplateFields(InvestigateGuideItem item)
    {
        var fields = new List<string>();
        foreach (var group in item.Groups)
        {
            foreach (var provider in group)
            {
                foreach (string field in provider.Value.Fields)
                {
                    if (!fields.Contains(field))
                    {
                        fields.Add(field);
                    }
                }
            }
        }

        return fields;
    }

    private string StatusSuffix(GuideItem item, IReadOnlyList<string> missing, IReadOnlyList<string> fields) => item.Status switch
    {
        GuideItemStatus.Skipped => "  " + style.Red("(skipped: the alert has no " + Safe(string.Join(", ", missing)) + ")"),
        GuideItemStatus.Template => "  " + style.Dim("(placeholders: " + Safe(string.Join(", ", fields)) + ")"),
        _ => "",
    };

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Safe(string text, bool keepNewlines = true) => TerminalText.Sanitize(text, keepNewlines);

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
