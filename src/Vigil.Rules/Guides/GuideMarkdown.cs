using Markdig;
using Markdig.Syntax;

namespace Vigil.Rules.Guides;

/// <summary>The Markdown parser shared by the renderers: CommonMark with raw HTML disabled (HTML shows as text).</summary>
public static class GuideMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>Parses a guide's marker-bearing Markdown.</summary>
    public static MarkdownDocument Parse(string markdown) => Markdig.Markdown.Parse(markdown, Pipeline);
}
