namespace Vigil.Rules.Guides;

/// <summary>A query or value after placeholder filling.</summary>
/// <param name="Text">The filled text; missing fields appear as <c>⟨field: missing⟩</c>.</param>
/// <param name="Status">Ready, Skipped (a field was missing) or Template (no alert).</param>
/// <param name="Fields">Every placeholder field referenced, trimmed, in order of first use.</param>
/// <param name="MissingFields">The referenced fields the alert lacks, in order of first use.</param>
public sealed record FilledText(
    string Text,
    GuideItemStatus Status,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> MissingFields);
