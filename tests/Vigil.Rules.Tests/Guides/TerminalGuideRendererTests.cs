using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class TerminalGuideRendererTests
{
    // Written by hand from the note in GuideSamples, not copied from the renderer's output.
    private const string Expected = """
        Test Rule
        rule_id: rid-1
        alert: u-1
        @timestamp: 2026-03-04T10:20:30.000Z
        host.name: web-1
        user.name: o'brien
        ────────────────────────────────────────────────────────────

        ## Triage

        Check the user and `host`. See docs (https://example.com/guide).

        > Note: placeholders need 8.7.

            SELECT 1

        • Identify the user:
          • [osquery 1] Retrieve Information for a Specific User
                SELECT * FROM users WHERE username = 'o''brien'
        • Timeline: [investigate 1] Alerts for the host
              (event.kind: "signal" AND host.id: "h-1")
              OR NOT user.name: "o'brien"
              time: now-48h/h to now (2026-03-02T10:00:00.000Z to 2026-03-04T10:20:30.000Z)

        1. First
        2. Second

        """;

    [Fact]
    public void PlainRenderingMatchesTheHandWrittenGolden()
    {
        var guide = GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert());
        Assert.Equal(Expected, TerminalGuideRenderer.Render(guide, color: false));
    }

    [Fact]
    public void ColourAddsAnsiAndPlainHasNone()
    {
        var guide = GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert());
        Assert.Contains("\u001b[", TerminalGuideRenderer.Render(guide, color: true));
        Assert.DoesNotContain('\u001b', TerminalGuideRenderer.Render(guide, color: false));
    }

    [Fact]
    public void ControlCharactersFromTheAlertAreShownNotSent()
    {
        var guide = GuideBuilder.Build(GuideSamples.Note, GuideSamples.Alert("\u001b]0;pwned\u0007\u202Eevil"));
        string plain = TerminalGuideRenderer.Render(guide, color: false);
        Assert.DoesNotContain('\u001b', plain);
        Assert.DoesNotContain('\u0007', plain);
        Assert.DoesNotContain('\u202E', plain);
        Assert.Contains("\\u001B]0;pwned\\u0007\\u202Eevil", plain);
    }

    [Fact]
    public void MissingFieldIsFlaggedAsSkipped()
    {
        var alert = AlertDocument.Parse("{\"host\":{\"id\":\"h-1\"}}");
        string text = TerminalGuideRenderer.Render(GuideBuilder.Build(GuideSamples.Note, alert), color: false);
        Assert.Contains("[osquery 1] Retrieve Information for a Specific User  (skipped: the alert has no user.name)", text);
        Assert.Contains("SELECT * FROM users WHERE username = ⟨user.name: missing⟩", text);
        Assert.Contains("[investigate 1] Alerts for the host  (skipped: the alert has no user.name)", text);
    }

    [Fact]
    public void WithoutAnAlertPlaceholdersAreShownAsSuch()
    {
        string text = TerminalGuideRenderer.Render(GuideBuilder.Build(GuideSamples.Note, null, "Test Rule"), color: false);
        Assert.Contains("no alert: placeholders are shown unfilled", text);
        Assert.Contains("[osquery 1] Retrieve Information for a Specific User  (placeholders: user.name)", text);
        Assert.Contains("SELECT * FROM users WHERE username = {{user.name}}", text);
        Assert.Contains("time: now-48h/h to now (relative to the alert's @timestamp)", text);
    }

    [Fact]
    public void BadBlockIsShownWithItsErrorAndTheRestRenders()
    {
        string note = "- !{osquery{\"query\":\"SELECT 1\",}}\n- !{osquery{\"label\":\"Fine\",\"query\":\"SELECT 2\"}}\n";
        var guide = GuideBuilder.Build(note, null);
        var diagnostic = Assert.Single(guide.Diagnostics);
        Assert.StartsWith("osquery block 1 (note line 1, column 3): Unable to parse osquery JSON configuration", diagnostic);
        string text = TerminalGuideRenderer.Render(guide, color: false);
        Assert.Contains("[osquery 1] ✗ Unable to parse osquery JSON configuration", text);
        Assert.Contains("[osquery 2] Fine", text);
        Assert.Contains("    SELECT 2", text);
    }

    [Fact]
    public void BlockInsideInlineCodeIsShownAsWritten()
    {
        var guide = GuideBuilder.Build("Syntax: `!{osquery{\"query\":\"SELECT 1\"}}`", null);
        Assert.Contains("Syntax: `!{osquery{\"query\":\"SELECT 1\"}}`", TerminalGuideRenderer.Render(guide, color: false));
    }

    [Fact]
    public void TextAfterAnInlineBlockStartsANewLineSoTheQueryCopiesClean()
    {
        var guide = GuideBuilder.Build("Run !{osquery{\"label\":\"Osquery - Ports\",\"query\":\"SELECT 1\"}} then compare.", null);
        Assert.Equal("no alert: placeholders are shown unfilled\n" + new string('─', 60) + "\n\nRun [osquery 1] Ports\n    SELECT 1\nthen compare.\n",
            TerminalGuideRenderer.Render(guide, color: false));
    }
}
