using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Rules.Guides;

/// <summary>
/// The markers that stand in for plugin blocks while the Markdown is parsed. They use private-use characters, which
/// Markdown treats as plain text, so a block keeps its exact place (inside a list item, a quote…) in the tree.
/// </summary>
public static partial class GuideMarkers
{
    /// <summary>Opens a marker.</summary>
    public const char Open = '\uE000';

    /// <summary>Closes a marker.</summary>
    public const char Close = '\uE001';

    [GeneratedRegex("\uE000([0-9]+)\uE001", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();

    /// <summary>The marker for item <paramref name="index"/>.</summary>
    public static string For(int index) => Open + index.ToString(CultureInfo.InvariantCulture) + Close;

    /// <summary>Removes marker characters a note might already contain, so only ours remain.</summary>
    public static string Neutralise(string text) =>
        text.IndexOf(Open) < 0 && text.IndexOf(Close) < 0 ? text : text.Replace(Open, '\uFFFD').Replace(Close, '\uFFFD');

    /// <summary>Splits text into literal runs and markers, calling back for each in order.</summary>
    public static void Split(string text, Action<string> onText, Action<int> onMarker)
    {
        int last = 0;
        foreach (Match match in MarkerPattern().Matches(text))
        {
            if (match.Index > last)
            {
                onText(text[last..match.Index]);
            }

            onMarker(int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture));
            last = match.Index + match.Length;
        }

        if (last < text.Length)
        {
            onText(text[last..]);
        }
    }

    /// <summary>True when <paramref name="text"/> holds nothing but markers and white space.</summary>
    public static bool IsOnlyMarkers(string text) => MarkerPattern().Replace(text, "").Trim().Length == 0 && MarkerPattern().IsMatch(text);

    /// <summary>Puts each block's original text back in place of its marker (for code, where blocks do not render).</summary>
    public static string Restore(string text, IReadOnlyList<GuideItem> items, string note) =>
        MarkerPattern().Replace(text, match =>
        {
            int index = int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            if (index >= items.Count)
            {
                return match.Value;
            }

            var block = items[index].Block;
            return note.Substring(block.Start, block.Length);
        });
}
