namespace Vigil.Rules.Guides;

/// <summary>
/// A note ready to render: its Markdown with each plugin block replaced by a marker (see <see cref="GuideMarkers"/>),
/// the filled items the markers stand for, and the context it was filled from.
/// </summary>
/// <param name="Title">The rule's name, when known.</param>
/// <param name="RuleId">The rule's rule_id, when known.</param>
/// <param name="Alert">The alert the placeholders were filled from, or null for a template.</param>
/// <param name="Note">The note as given (blocks in place).</param>
/// <param name="Markdown">The note with each block replaced by its marker.</param>
/// <param name="Items">The blocks, in note order; marker N stands for Items[N].</param>
/// <param name="Diagnostics">Problems found (unreadable blocks), each naming its block and place.</param>
/// <param name="Notices">Information for the reader, e.g. that no localised guide exists.</param>
public sealed record InvestigationGuide(
    string? Title,
    string? RuleId,
    AlertDocument? Alert,
    string Note,
    string Markdown,
    IReadOnlyList<GuideItem> Items,
    IReadOnlyList<string> Diagnostics,
    IReadOnlyList<string> Notices);
