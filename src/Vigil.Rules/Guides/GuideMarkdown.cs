using System.Text;
using Markdig;
using Markdig.Syntax;

namespace Vigil.Rules.Guides;

/// <summary>
/// The Markdown parser shared by the renderers: CommonMark with raw HTML disabled (HTML shows as text), plus the
/// limits that keep a hostile note from exhausting the stack or the clock.
/// </summary>
public static class GuideMarkdown
{
    /// <summary>Notes longer than this (in characters) are shown as plain text: real guides are a few kilobytes.</summary>
    public const int MaxMarkdownLength = 256 * 1024;

    /// <summary>Containers nested deeper than this are rendered without further indentation.</summary>
    public const int MaxRenderDepth = 24;

    /// <summary>Open '[' brackets nested deeper than this make the note plain text.</summary>
    public const int MaxBracketNesting = 32;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>Parses a guide's marker-bearing Markdown (see <see cref="Prepare"/> for text that may not parse).</summary>
    public static MarkdownDocument Parse(string markdown)
    {
        try
        {
            return Markdig.Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses absurd nesting; the plain-text form has none.
            return Markdig.Markdown.Parse(AsPlainText(markdown), Pipeline);
        }
    }

    /// <summary>
    /// Returns the Markdown to render and, when it had to be simplified (too long or too deeply nested for the
    /// parser), the reason; the simplified form shows every character of the note as plain text.
    /// </summary>
    public static string Prepare(string markdown, out string? problem)
    {
        problem = null;
        if (markdown.Length > MaxMarkdownLength)
        {
            problem = $"the note is {markdown.Length} characters long (limit {MaxMarkdownLength}); it is shown as plain text";
            return AsPlainText(markdown);
        }

        if (MaxBracketDepth(markdown) > MaxBracketNesting)
        {
            // Deeply nested link brackets make link parsing quadratic; no real guide nests links.
            problem = $"the note nests '[' brackets more than {MaxBracketNesting} deep; it is shown as plain text";
            return AsPlainText(markdown);
        }

        try
        {
            Markdig.Markdown.Parse(markdown, Pipeline);
            return markdown;
        }
        catch (ArgumentException ex)
        {
            problem = $"the note's Markdown cannot be parsed ({ex.Message}); it is shown as plain text";
            return AsPlainText(markdown);
        }
    }

    /// <summary>Backslash-escapes every ASCII punctuation character and indentation, so Markdown sees flat text.</summary>
    public static string AsPlainText(string markdown)
    {
        var builder = new StringBuilder(markdown.Length * 2);
        bool lineStart = true;
        foreach (char c in markdown)
        {
            if (c == '\n')
            {
                // A hard break (two trailing spaces) keeps the note's lines as they were.
                builder.Append(lineStart ? "\n" : "  \n");
                lineStart = true;
                continue;
            }

            if (lineStart && c is ' ' or '\t')
            {
                continue;
            }

            lineStart = false;
            if (char.IsAsciiLetterOrDigit(c) || c > '\u007F' || c is ' ' or '\t' or '\r')
            {
                builder.Append(c);
            }
            else if (c < ' ')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('\\').Append(c);
            }
        }

        return builder.ToString();
    }

    private static int MaxBracketDepth(string text)
    {
        int depth = 0, max = 0;
        foreach (char c in text)
        {
            if (c == '[')
            {
                max = Math.Max(max, ++depth);
            }
            else if (c == ']' && depth > 0)
            {
                depth--;
            }
        }

        return max;
    }
}
