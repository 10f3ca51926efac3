using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class MarkdownGuideRendererTests
{
    [Fact]
    public void BlocksBecomeReadableInlineMarkdownAndTheRestIsUnchanged()
    {
        string md = MarkdownGuideRenderer.Render(GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert()));
        Assert.Contains("  - **\\[osquery 1\\] Retrieve Information for a Specific User**: `SELECT * FROM users WHERE username = 'o''brien'`\n", md);
        Assert.Contains("- Timeline: **\\[investigate 1\\] Alerts for the host**: `(event.kind: \"signal\" AND host.id: \"h-1\") OR NOT user.name: \"o'brien\"`, time `now-48h/h to now` (`2026-03-02T10:00:00.000Z to 2026-03-04T10:20:30.000Z`)\n", md);
        Assert.StartsWith("## Triage\n\nCheck the **user** and `host`.", md);
        Assert.DoesNotContain("!{osquery", md);
    }

    [Theory]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x`", "`` `x` ``")]
    [InlineData("a\nb", "`a b`")]
    [InlineData("", "`  `")]
    public void CodeSpansHoldAnyText(string text, string expected) => Assert.Equal(expected, MarkdownGuideRenderer.CodeSpan(text));

    [Fact]
    public void HostileValuesStayInsideCodeSpans()
    {
        string md = MarkdownGuideRenderer.Render(GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert("`<script>`")));
        Assert.Contains("``SELECT * FROM users WHERE username = '`<script>`'``", md);
        string html = Markdig.Markdown.ToHtml(md);
        Assert.DoesNotContain("<script>", html);
    }
}
