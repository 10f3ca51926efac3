namespace Vigil.Rules;

/// <summary>Chooses which investigation guide text to show for a language tag.</summary>
public static class LocalizedNoteSelector
{
    /// <summary>
    /// The rule's note in <paramref name="language"/>: exact tag (case-insensitive), then the primary subtag
    /// (<c>zh</c> for <c>zh-TW</c>), then any tag with the same primary subtag, else the default note.
    /// </summary>
    public static string? Select(Rule rule, string? language)
    {
        if (string.IsNullOrWhiteSpace(language) || rule.LocalizedNotes.Count == 0)
        {
            return rule.Note;
        }
        foreach (var (tag, note) in rule.LocalizedNotes)
        {
            if (string.Equals(tag, language, StringComparison.OrdinalIgnoreCase))
            {
                return note;
            }
        }
        var primary = PrimarySubtag(language);
        string? samePrimary = null;
        foreach (var (tag, note) in rule.LocalizedNotes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (string.Equals(tag, primary, StringComparison.OrdinalIgnoreCase))
            {
                return note;
            }
            if (samePrimary is null && string.Equals(PrimarySubtag(tag), primary, StringComparison.OrdinalIgnoreCase))
            {
                samePrimary = note;
            }
        }
        return samePrimary ?? rule.Note;
    }

    private static string PrimarySubtag(string tag)
    {
        var cut = tag.IndexOfAny(['-', '_']);
        return cut < 0 ? tag : tag[..cut];
    }
}
