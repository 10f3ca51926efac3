using System.Text.Json.Nodes;

namespace Vigil.Rules.Guides;

/// <summary>
/// What the guide needs from a rule: its note (with <c>$osquery_N</c> / <c>$investigate_N</c> references), localised
/// notes, and <c>[transform]</c> entries as JSON objects (exactly the keys the TOML gives, as detection-rules dumps them).
/// </summary>
/// <param name="Name">The rule's name.</param>
/// <param name="RuleId">The rule's rule_id.</param>
/// <param name="Note">The note in its default language, or null.</param>
/// <param name="LocalizedNotes">Language tag (e.g. zh-CN) → note.</param>
/// <param name="Osquery">The <c>[[transform.osquery]]</c> entries in order.</param>
/// <param name="Investigate">The <c>[[transform.investigate]]</c> entries in order.</param>
/// <param name="Source">Where the rule was read from (file path), for messages.</param>
public sealed record GuideRule(
    string? Name,
    string? RuleId,
    string? Note,
    IReadOnlyDictionary<string, string> LocalizedNotes,
    IReadOnlyList<JsonNode> Osquery,
    IReadOnlyList<JsonNode> Investigate,
    string? Source)
{
    /// <summary>The rendered note (blocks in place) for <paramref name="language"/>, or the default note.</summary>
    /// <param name="language">A language tag, or null for the default note.</param>
    /// <param name="localized">True when the localised note was found and used.</param>
    public string? RenderNote(string? language, out bool localized)
    {
        localized = false;
        string? note = Note;
        if (language is not null && TryGetLocalized(language, out var text))
        {
            note = text;
            localized = true;
        }

        return note is null ? null : NoteTransformRenderer.Render(note, Osquery, Investigate);
    }

    private bool TryGetLocalized(string language, out string text)
    {
        foreach (var pair in LocalizedNotes)
        {
            // Language tags compare case-insensitively, and zh_CN is a common spelling of zh-CN.
            if (string.Equals(pair.Key.Replace('_', '-'), language.Replace('_', '-'), StringComparison.OrdinalIgnoreCase))
            {
                text = pair.Value;
                return true;
            }
        }

        text = "";
        return false;
    }
}
