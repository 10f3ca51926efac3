using System.Text.RegularExpressions;
using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class HtmlGuideRendererTests
{
    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</code></pre><script>alert(1)</script>",
        "&lt;script&gt;",
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void HostileAlertValuesCannotInjectMarkup(int which)
    {
        string value = Hostile[which];
        var guide = GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert(value));
        string html = HtmlGuideRenderer.Render(guide);
        AssertNoActiveContent(html);
        // The value is still there, escaped, in the header and in the filled query.
        string escaped = HtmlText.Escape(value);
        Assert.Contains("<dd>" + escaped + "</dd>", html);
        Assert.Contains("WHERE username = &#39;" + HtmlText.Escape(value.Replace("'", "''")) + "&#39;", html);
    }

    [Fact]
    public void RawHtmlAndDangerousLinksInTheNoteAreNeutralised()
    {
        string note = "<script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n\nInline <b onmouseover=x()>bold</b>.\n\n"
            + "[click](javascript:alert(1)) [data](data:text/html,<script>x</script>) [ok](https://example.com/a?b=\"c\")\n\n"
            + "![pixel](https://tracker.example/p.png) <javascript:alert(1)>";
        string html = HtmlGuideRenderer.Render(GuideBuilder.Build(note, null));
        AssertNoActiveContent(html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;b onmouseover=x()&gt;", html);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://example.com/a?b=&quot;c&quot;\" rel=\"noopener noreferrer\">ok</a>", html);
        Assert.Contains("[image: pixel]", html);
    }

    [Fact]
    public void PageIsSelfContained()
    {
        string html = HtmlGuideRenderer.Render(GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert()), "zh-CN");
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<style>", html);
        Assert.Contains("Content-Security-Policy", html);
        Assert.DoesNotMatch(new Regex("<link|<script|<img|<iframe|@import|url\\(", RegexOptions.IgnoreCase), html);
        Assert.Contains("<div class=\"osquery ready\"><span class=\"tag\">[osquery 1]</span> <span class=\"label\">Retrieve Information for a Specific User</span><pre><code>SELECT * FROM users WHERE username = &#39;o&#39;&#39;brien&#39;</code></pre></div>", html);
        Assert.Contains("<h3>Triage</h3>", html);
        Assert.Contains("<blockquote>\n<p><strong>Note</strong>: placeholders need 8.7.</p>\n</blockquote>", html);
    }

    [Fact]
    public void SkippedItemsAreMarked()
    {
        string html = HtmlGuideRenderer.Render(GuideBuilder.Build(GuideSamples.Note, AlertDocument.Parse("{}")));
        Assert.Contains("<div class=\"osquery skipped\">", html);
        Assert.Contains("skipped: the alert has no user.name", html);
        Assert.Contains("⟨user.name: missing⟩", html);
    }

    private static void AssertNoActiveContent(string html)
    {
        // Every tag in the page must be one the renderer writes itself, with only its own attributes.
        foreach (Match tag in Regex.Matches(html, "<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>"))
        {
            string name = tag.Groups[2].Value.ToLowerInvariant();
            Assert.Contains(name, new[] { "html", "head", "meta", "title", "style", "body", "header", "main", "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote", "pre", "code", "em", "strong", "a", "br", "hr", "div", "span", "dl", "dt", "dd" });
            string attributes = tag.Groups[3].Value;
            Assert.DoesNotMatch(new Regex("\\bon[a-z]+\\s*=|\\bsrc\\s*=|javascript:", RegexOptions.IgnoreCase), attributes);
        }
    }
}
