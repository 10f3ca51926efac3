namespace Vigil.Rules.Guides;

/// <summary>
/// One plugin block found in a note: its place in the note text, its JSON configuration text, and the error that
/// stopped it from being read (null when the block is well formed).
/// </summary>
/// <param name="Kind">Osquery or Investigate.</param>
/// <param name="Number">1-based position among the blocks of the same kind, in note order.</param>
/// <param name="Start">Offset of the leading <c>!</c> in the note.</param>
/// <param name="Length">Length of the whole block, <c>!{</c> to the closing <c>}</c>.</param>
/// <param name="Line">1-based line of <paramref name="Start"/>.</param>
/// <param name="Column">1-based column of <paramref name="Start"/>.</param>
/// <param name="Json">The configuration object's text (between the prefix and the closing brace).</param>
/// <param name="Error">Why the block could not be read, or null.</param>
public sealed record GuideBlock(
    GuideBlockKind Kind,
    int Number,
    int Start,
    int Length,
    int Line,
    int Column,
    string Json,
    string? Error)
{
    /// <summary>The plugin name as written after <c>!{</c>.</summary>
    public string PluginName => Kind == GuideBlockKind.Osquery ? "osquery" : "investigate";
}
