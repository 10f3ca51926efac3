namespace Vigil.Rules.Guides;

/// <summary>ANSI styling that turns into plain text when colour is off (NO_COLOR, output not a terminal).</summary>
public sealed class TerminalStyle
{
    private readonly bool color;

    /// <summary>Creates a style; <paramref name="color"/> false makes every method return its text unchanged.</summary>
    public TerminalStyle(bool color) => this.color = color;

    /// <summary>True when ANSI sequences are written.</summary>
    public bool UsesColor => color;

    /// <summary>Bold.</summary>
    public string Bold(string text) => Wrap(text, "1", "22");

    /// <summary>Italic.</summary>
    public string Italic(string text) => Wrap(text, "3", "23");

    /// <summary>Underlined.</summary>
    public string Underline(string text) => Wrap(text, "4", "24");

    /// <summary>Faint.</summary>
    public string Dim(string text) => Wrap(text, "2", "22");

    /// <summary>Cyan foreground.</summary>
    public string Cyan(string text) => Wrap(text, "36", "39");

    /// <summary>Green foreground.</summary>
    public string Green(string text) => Wrap(text, "32", "39");

    /// <summary>Yellow foreground.</summary>
    public string Yellow(string text) => Wrap(text, "33", "39");

    /// <summary>Magenta foreground.</summary>
    public string Magenta(string text) => Wrap(text, "35", "39");

    /// <summary>Red foreground.</summary>
    public string Red(string text) => Wrap(text, "31", "39");

    private string Wrap(string text, string on, string off) =>
        color && text.Length > 0 ? $"\u001b[{on}m{text}\u001b[{off}m" : text;
}
