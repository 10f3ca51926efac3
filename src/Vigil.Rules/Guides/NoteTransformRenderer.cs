using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vigil.Rules.Guides;

/// <summary>
/// Renders a rule's note as elastic/detection-rules does at build time: each <c>[[transform.osquery]]</c> entry N
/// becomes <c>$osquery_N</c> = <c>!{osquery</c> + sorted compact JSON + <c>}</c> (likewise investigate), substituted
/// with Python's <c>Template.safe_substitute</c> semantics: <c>$$</c> becomes <c>$</c>, unknown names stay as written.
/// </summary>
public static partial class NoteTransformRenderer
{
    // Python's string.Template pattern: $$, $identifier, ${identifier}; identifiers are ASCII, case-insensitive.
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)\})", RegexOptions.CultureInvariant)]
    private static partial Regex TemplatePattern();

    /// <summary>The Kibana block text for one transform entry.</summary>
    public static string RenderBlock(GuideBlockKind kind, JsonNode entry) =>
        (kind == GuideBlockKind.Osquery ? "!{osquery" : "!{investigate") + PythonJson.Serialize(entry) + "}";

    /// <summary>The placeholder values for the given entries: <c>osquery_0</c>…, <c>investigate_0</c>….</summary>
    public static IReadOnlyDictionary<string, string> Placeholders(
        IReadOnlyList<JsonNode> osquery,
        IReadOnlyList<JsonNode> investigate)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < osquery.Count; i++)
        {
            values["osquery_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = RenderBlock(GuideBlockKind.Osquery, osquery[i]);
        }

        for (int i = 0; i < investigate.Count; i++)
        {
            values["investigate_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = RenderBlock(GuideBlockKind.Investigate, investigate[i]);
        }

        return values;
    }

    /// <summary>Renders <paramref name="note"/> with the rule's transform entries.</summary>
    public static string Render(string note, IReadOnlyList<JsonNode> osquery, IReadOnlyList<JsonNode> investigate)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (osquery.Count == 0 && investigate.Count == 0)
        {
            // detection-rules only substitutes when the rule has transforms; a note without them is left as written.
            return note;
        }

        return SafeSubstitute(note, Placeholders(osquery, investigate));
    }

    /// <summary>Python <c>string.Template(text).safe_substitute(values)</c>.</summary>
    public static string SafeSubstitute(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TemplatePattern().Replace(text, match =>
        {
            if (match.Groups["escaped"].Success)
            {
                return "$";
            }

            string name = match.Groups["named"].Success ? match.Groups["named"].Value : match.Groups["braced"].Value;
            return values.TryGetValue(name, out var value) ? value : match.Value;
        });
    }
}
