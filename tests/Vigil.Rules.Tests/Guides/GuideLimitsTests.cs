using System.Text;
using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

/// <summary>Hostile notes (absurd nesting or size) are shown as text with a diagnostic, never crash or hang.</summary>
public sealed class GuideLimitsTests
{
    public static TheoryData<string> HostileNotes() => new()
    {
        new string('>', 5000) + " deep !{osquery{\"query\":\"SELECT 1\"}}",
        new string('[', 5000) + "x" + new string(']', 5000),
        string.Concat(Enumerable.Range(0, 400).Select(i => new string(' ', 2 * i) + "- a\n")),
        new string('x', GuideMarkdown.MaxMarkdownLength + 1),
    };

    [Theory]
    [MemberData(nameof(HostileNotes))]
    public void HostileNoteRendersAsTextWithADiagnostic(string note)
    {
        var guide = GuideBuilder.Build(note, null);
        Assert.Contains(guide.Diagnostics, d => d.Contains("shown as plain text", StringComparison.Ordinal));
        Assert.NotEmpty(TerminalGuideRenderer.Render(guide, color: false));
        Assert.StartsWith("<!DOCTYPE html>", HtmlGuideRenderer.Render(guide));
    }

    [Fact]
    public void PlainTextFallbackStillShowsBlocksAndEveryCharacter()
    {
        var guide = GuideBuilder.Build(new string('>', 5000) + " deep !{osquery{\"query\":\"SELECT 1\"}} *x* `y`", null);
        string text = TerminalGuideRenderer.Render(guide, color: false);
        Assert.Contains(new string('>', 5000) + " deep [osquery 1] Run Osquery\n    SELECT 1\n*x* `y`", text);
    }

    [Fact]
    public void NestingPastTheRenderDepthIsLaidOutFlat()
    {
        var note = new StringBuilder();
        for (int i = 0; i < 60; i++)
        {
            note.Append(' ', 2 * i).Append("- level ").Append(i).Append('\n');
        }

        var guide = GuideBuilder.Build(note.ToString(), null);
        Assert.Empty(guide.Diagnostics);
        string[] lines = TerminalGuideRenderer.Render(guide, color: false).Split('\n');
        string deepest = Assert.Single(lines, l => l.EndsWith("level 59", StringComparison.Ordinal));
        string shallow = Assert.Single(lines, l => l.EndsWith("level 3", StringComparison.Ordinal));
        Assert.Equal("      • level 3", shallow);
        Assert.True(deepest.Length < 2 * GuideMarkdown.MaxRenderDepth + 20, deepest);
        Assert.Contains("level 59", HtmlGuideRenderer.Render(guide));
    }
}
