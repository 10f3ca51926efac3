namespace Vigil.Rules.Guides;

/// <summary>The adapter from the rule model to the guide: which note to render, in which language.</summary>
public static class RuleGuideSource
{
    /// <summary>
    /// The rule's note for <paramref name="language"/> with its transforms rendered as Kibana receives it
    /// (<c>!{osquery{…}}</c> blocks in place), or null when the rule has no guide.
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <param name="language">A language tag such as zh-CN, or null for the default note.</param>
    /// <param name="localized">True when a localised note was chosen (false: the default note).</param>
    public static string? RenderNote(Rule rule, string? language, out bool localized)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string? note = LocalizedNoteSelector.Select(rule, language);
        localized = false;
        if (note is not null && language is not null)
        {
            foreach (var localizedNote in rule.LocalizedNotes.Values)
            {
                // The selector returns either a localised note or the default one; identity tells which.
                if (ReferenceEquals(localizedNote, note))
                {
                    localized = true;
                    break;
                }
            }
        }

        return note is null ? null : NoteRenderer.Render(note, rule.Transforms);
    }
}
