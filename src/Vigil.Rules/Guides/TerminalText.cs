namespace Vigil.Rules.Guides;

/// <summary>
/// Makes untrusted text safe for a terminal: control characters (an alert value holding ESC could rewrite the
/// screen) and bidirectional overrides (which reorder what the reader sees) are shown as visible escapes instead.
/// </summary>
public static class TerminalText
{
    /// <summary>Returns <paramref name="text"/> with every unsafe character written as <c>\u001B</c> etc.</summary>
    /// <param name="keepNewlines">Keep line feeds (and tabs) as they are.</param>
    public static string Sanitize(string text, bool keepNewlines = true) =>
        Vigil.Events.Text.SafeText.Neutralise(text, keepNewlines);
}
