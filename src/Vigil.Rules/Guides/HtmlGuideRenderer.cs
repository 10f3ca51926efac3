using System.Globalization;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Vigil.Rules.Guides;

/// <summary>
/// Renders a guide as one self-contained HTML page: inline CSS, no scripts, no external resources (images are shown
/// as links), a Content-Security-Policy forbidding anything else. Every piece of text, from the note or the alert,
/// is escaped; raw HTML in the note is shown as text; only http(s)/mailto/relative link targets are kept.
/// </summary>
public sealed class HtmlGuideRenderer
{
    private const string Css = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:58rem;margin:2rem auto;padding:0 1rem;color:#1d1f21;background:#fff}
        header{border-bottom:1px solid #d3dae6;margin-bottom:1.5rem}
        h1.rule{font-size:1.6rem;margin:0 0 .5rem}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;font-size:.9rem;margin:0 0 1rem}
        dl.facts dt{color:#69707d}dl.facts dd{margin:0;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
        .notice{background:#fff9e8;border-left:4px solid #f5a700;padding:.4rem .8rem;margin:.5rem 0}
        .problem{background:#fbe9e7;border-left:4px solid #bd271e;padding:.4rem .8rem;margin:.5rem 0}
        blockquote{border-left:4px solid #d3dae6;margin:1rem 0;padding:.1rem 1rem;color:#343741}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;background:#f5f7fa;padding:.05rem .25rem;border-radius:3px}
        pre{background:#f5f7fa;padding:.6rem .8rem;border-radius:4px;overflow-x:auto}pre code{padding:0;background:none}
        .osquery,.investigate{border:1px solid #d3dae6;border-radius:6px;padding:.4rem .7rem;margin:.4rem 0}
        .osquery pre,.investigate pre{margin:.3rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
        .tag{font-weight:600;color:#006bb8}.investigate .tag{color:#7b3fa5}.label{font-weight:600}
        .status{font-weight:400;font-size:.85rem;margin-left:.5rem;color:#69707d}
        .skipped{border-color:#bd271e}.skipped .status{color:#bd271e}.invalid{border-color:#bd271e;color:#bd271e}
        .or{color:#69707d;font-size:.85rem}.range{color:#343741;font-size:.9rem}
        """;

    private readonly InvestigationGuide guide;
    private readonly StringBuilder html = new();
    private int depth;

    private HtmlGuideRenderer(InvestigationGuide guide) => this.guide = guide;

    /// <summary>The guide as a complete HTML document.</summary>
    /// <param name="guide">The filled guide.</param>
    /// <param name="language">The page's language tag (e.g. zh-CN); en when null.</param>
    public static string Render(InvestigationGuide guide, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(guide);
        var renderer = new HtmlGuideRenderer(guide);
        renderer.WriteDocument(language ?? "en");
        return renderer.html.ToString();
    }

    private void WriteDocument(string language)
    {
        string title = guide.Title is { Length: > 0 } t ? "Investigation guide: " + t : "Investigation guide";
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        WriteHeader();
        html.Append("<main>\n");
        WriteContainer(GuideMarkdown.Parse(guide.Markdown), tight: false);
        html.Append("</main>\n</body>\n</html>\n");
    }

    private void WriteHeader()
    {
        html.Append("<header>\n");
        if (guide.Title is { Length: > 0 } title)
        {
            html.Append("<h1 class=\"rule\">").Append(E(title)).Append("</h1>\n");
        }

        html.Append("<dl class=\"facts\">\n");
        Fact("rule_id", guide.RuleId);
        if (guide.Alert is { } alert)
        {
            Fact("alert", alert.Id);
            foreach (string field in new[] { "@timestamp", "host.name", "user.name", "agent.id" })
            {
                Fact(field, alert.TryGetText(field));
            }
        }
        else
        {
            Fact("alert", "none: placeholders are shown unfilled");
        }

        html.Append("</dl>\n");
        foreach (string notice in guide.Notices)
        {
            html.Append("<p class=\"notice\">").Append(E(notice)).Append("</p>\n");
        }

        foreach (string problem in guide.Diagnostics)
        {
            html.Append("<p class=\"problem\">").Append(E(problem)).Append("</p>\n");
        }

        html.Append("</header>\n");
    }

    private void Fact(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
        }
    }

    private void WriteContainer(ContainerBlock container, bool tight)
    {
        if (depth >= GuideMarkdown.MaxRenderDepth)
        {
            // Past the depth limit the rest of the subtree is written flat, without recursion.
            foreach (var leaf in MarkdownLeaves.Of(container))
            {
                WriteBlock(leaf, tight: false);
            }

            return;
        }

        depth++;
        try
        {
            foreach (var block in container)
            {
                WriteBlock(block, tight);
            }
        }
        finally
        {
            depth--;
        }
    }

    private void WriteBlock(Block block, bool tight)
    {
        switch (block)
        {
            case HeadingBlock heading:
                // The page title is the h1; the note's headings sit one level below it.
                int level = Math.Min(heading.Level + 1, 6);
                html.Append("<h").Append(level).Append('>');
                WriteInlines(heading.Inline);
                html.Append("</h").Append(level).Append(">\n");
                break;
            case ParagraphBlock paragraph:
                if (OnlyMarkers(paragraph.Inline) is { } markers)
                {
                    foreach (int index in markers)
                    {
                        WriteItem(index, asBlock: true);
                    }
                }
                else
                {
                    if (!tight)
                    {
                        html.Append("<p>");
                    }

                    WriteInlines(paragraph.Inline);
                    html.Append(tight ? "\n" : "</p>\n");
                }

                break;
            case ListBlock list:
                string tag = list.IsOrdered ? "ol" : "ul";
                html.Append('<').Append(tag);
                if (list.IsOrdered && list.OrderedStart is { } start && start != "1"
                    && int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out int first))
                {
                    html.Append(" start=\"").Append(first.ToString(CultureInfo.InvariantCulture)).Append('"');
                }

                html.Append(">\n");
                foreach (var child in list)
                {
                    if (child is ListItemBlock item)
                    {
                        html.Append("<li>");
                        WriteContainer(item, tight: !list.IsLoose);
                        html.Append("</li>\n");
                    }
                }

                html.Append("</").Append(tag).Append(">\n");
                break;
            case QuoteBlock quote:
                html.Append("<blockquote>\n");
                WriteContainer(quote, tight: false);
                html.Append("</blockquote>\n");
                break;
            case CodeBlock code:
                html.Append("<pre><code>").Append(E(GuideMarkers.Restore(code.Lines.ToString(), guide.Items, guide.Note))).Append("</code></pre>\n");
                break;
            case ThematicBreakBlock:
                html.Append("<hr>\n");
                break;
            case LinkReferenceDefinitionGroup:
                break;
            case ContainerBlock other:
                WriteContainer(other, tight);
                break;
            case LeafBlock leaf when leaf.Inline is not null:
                html.Append("<p>");
                WriteInlines(leaf.Inline);
                html.Append("</p>\n");
                break;
            case LeafBlock leaf:
                html.Append("<p>").Append(E(leaf.Lines.ToString())).Append("</p>\n");
                break;
        }
    }

    /// <summary>The item indexes when a paragraph holds only block markers (so they can render as blocks), else null.</summary>
    private static List<int>? OnlyMarkers(ContainerInline? container)
    {
        if (container is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case LineBreakInline:
                    text.Append('\n');
                    break;
                default:
                    return null;
            }
        }

        string all = text.ToString();
        if (!GuideMarkers.IsOnlyMarkers(all))
        {
            return null;
        }

        var indexes = new List<int>();
        GuideMarkers.Split(all, _ => { }, indexes.Add);
        return indexes;
    }

    private void WriteInlines(ContainerInline? container)
    {
        if (container is null)
        {
            return;
        }

        foreach (var inline in container)
        {
            WriteInline(inline);
        }
    }

    private void WriteInline(Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                GuideMarkers.Split(literal.Content.ToString(), text => html.Append(E(text)), index => WriteItem(index, asBlock: false));
                break;
            case CodeInline code:
                html.Append("<code>").Append(E(GuideMarkers.Restore(code.Content, guide.Items, guide.Note))).Append("</code>");
                break;
            case EmphasisInline emphasis:
                string tag = emphasis.DelimiterCount >= 2 ? "strong" : "em";
                html.Append('<').Append(tag).Append('>');
                WriteInlines(emphasis);
                html.Append("</").Append(tag).Append('>');
                break;
            case LinkInline link:
                string? url = HtmlText.SafeUrl(link.GetDynamicUrl?.Invoke() ?? link.Url);
                if (link.IsImage)
                {
                    // Loading an image would fetch an external resource; show it as a link instead.
                    html.Append("[image: ");
                    WriteInlines(link);
                    html.Append(']');
                    if (url is not null)
                    {
                        html.Append(" <a href=\"").Append(E(url)).Append("\" rel=\"noopener noreferrer\">").Append(E(url)).Append("</a>");
                    }
                }
                else if (url is null)
                {
                    WriteInlines(link);
                }
                else
                {
                    html.Append("<a href=\"").Append(E(url)).Append('"');
                    if (!string.IsNullOrEmpty(link.Title))
                    {
                        html.Append(" title=\"").Append(E(link.Title)).Append('"');
                    }

                    html.Append(" rel=\"noopener noreferrer\">");
                    WriteInlines(link);
                    html.Append("</a>");
                }

                break;
            case AutolinkInline autolink:
                string? target = HtmlText.SafeUrl(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url);
                if (target is null)
                {
                    html.Append(E(autolink.Url));
                }
                else
                {
                    html.Append("<a href=\"").Append(E(target)).Append("\" rel=\"noopener noreferrer\">").Append(E(autolink.Url)).Append("</a>");
                }

                break;
            case LineBreakInline lineBreak:
                html.Append(lineBreak.IsHard ? "<br>\n" : "\n");
                break;
            case HtmlEntityInline entity:
                html.Append(E(entity.Transcoded.ToString()));
                break;
            case HtmlInline raw:
                html.Append(E(raw.Tag));
                break;
            case ContainerInline other:
                WriteInlines(other);
                break;
            default:
                html.Append(E(inline.ToString() ?? ""));
                break;
        }
    }

    private void WriteItem(int index, bool asBlock)
    {
        if (index >= guide.Items.Count)
        {
            return;
        }

        var item = guide.Items[index];
        string wrapper = asBlock ? "div" : "span";
        string kind = item.Block.PluginName;
        string status = item.Status.ToString().ToLowerInvariant();
        html.Append('<').Append(wrapper).Append(" class=\"").Append(kind).Append(' ').Append(status).Append("\">");
        html.Append("<span class=\"tag\">").Append(E(item.Tag)).Append("</span> ");
        switch (item)
        {
            case OsqueryGuideItem osquery:
                html.Append("<span class=\"label\">").Append(E(osquery.DisplayLabel)).Append("</span>");
                WriteStatus(item, osquery.Query.MissingFields, osquery.Query.Fields);
                WriteCode(osquery.Query.Text, asBlock);
                break;
            case InvestigateGuideItem investigate:
                html.Append("<span class=\"label\">").Append(E(investigate.Button.Label)).Append("</span>");
                var fields = new List<string>();
                foreach (var group in investigate.Groups)
                {
                    foreach (var provider in group)
                    {
                        fields.AddRange(provider.Value.Fields);
                    }
                }

                WriteStatus(item, investigate.MissingFields, fields);
                if (investigate.Button.Description.Length > 0)
                {
                    html.Append(asBlock ? "<div>" : " ").Append(E(investigate.Button.Description)).Append(asBlock ? "</div>" : "");
                }

                WriteCode(string.Join("\nOR ", investigate.DescribeGroups()), asBlock);
                if (investigate.DescribeRelativeRange() is { } range)
                {
                    string resolved = investigate.From is { } from && investigate.To is { } to
                        ? $" ({Iso(from)} to {Iso(to)})"
                        : guide.Alert is null ? " (relative to the alert's @timestamp)" : "";
                    html.Append(asBlock ? "<div class=\"range\">" : " <span class=\"range\">")
                        .Append("time: ").Append(E(range + resolved)).Append(asBlock ? "</div>" : "</span>");
                }

                break;
            case InvalidGuideItem invalid:
                html.Append(E(invalid.Error));
                WriteCode(guide.Note.Substring(item.Block.Start, item.Block.Length), asBlock);
                break;
        }

        html.Append("</").Append(wrapper).Append('>');
        if (asBlock)
        {
            html.Append('\n');
        }
    }

    private void WriteStatus(GuideItem item, IReadOnlyList<string> missing, IReadOnlyList<string> fields)
    {
        string? text = item.Status switch
        {
            GuideItemStatus.Skipped => "skipped: the alert has no " + string.Join(", ", missing),
            GuideItemStatus.Template => "placeholders: " + string.Join(", ", fields.Distinct()),
            _ => null,
        };
        if (text is not null)
        {
            html.Append("<span class=\"status\">").Append(E(text)).Append("</span>");
        }
    }

    private void WriteCode(string code, bool asBlock)
    {
        html.Append(asBlock ? "<pre><code>" : " <code>").Append(E(code)).Append(asBlock ? "</code></pre>" : "</code>");
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlText.Escape(text);
}
