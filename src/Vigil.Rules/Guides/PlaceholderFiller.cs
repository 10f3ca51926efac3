using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Rules.Guides;

/// <summary>
/// Fills <c>{{field}}</c> placeholders (Kibana's pattern <c>\{\{([^}]+)\}\}</c>, field name trimmed) from an alert.
/// Unlike Kibana, which pastes values verbatim, Osquery values become SQL literals chosen by where the placeholder
/// sits in the query, so no alert value can change the query's structure.
/// </summary>
public static partial class PlaceholderFiller
{
    [GeneratedRegex(@"\{\{([^}]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    /// <summary>What replaces a placeholder whose field the alert lacks.</summary>
    public static string MissingMarker(string field) => $"⟨{field}: missing⟩";

    /// <summary>The trimmed field names of every placeholder in <paramref name="text"/>, in order, without repeats.</summary>
    public static IReadOnlyList<string> FieldsOf(string text)
    {
        var fields = new List<string>();
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            AddOnce(fields, match.Groups[1].Value.Trim());
        }

        return fields;
    }

    /// <summary>
    /// Fills an Osquery query. Outside quotes a value becomes a string literal (<c>'it''s'</c>) or, for a JSON number,
    /// the number; inside <c>'...'</c> or <c>"..."</c> only the matching quote is doubled; inside a comment line breaks
    /// and comment ends are neutralised. Without an alert the query is returned unchanged as a template.
    /// </summary>
    public static FilledText FillQuery(string query, AlertDocument? alert)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = PlaceholderPattern().Matches(query);
        var fields = new List<string>();
        var missing = new List<string>();
        if (matches.Count == 0 || alert is null)
        {
            foreach (Match match in matches)
            {
                AddOnce(fields, match.Groups[1].Value.Trim());
            }

            return new FilledText(query, matches.Count == 0 ? GuideItemStatus.Ready : GuideItemStatus.Template, fields, missing);
        }

        var output = new StringBuilder(query.Length + 32);
        var state = SqlState.Code;
        int next = 0;
        for (int i = 0; i < query.Length;)
        {
            if (next < matches.Count && matches[next].Index == i)
            {
                var match = matches[next++];
                string field = match.Groups[1].Value.Trim();
                AddOnce(fields, field);
                if (TryLookup(alert, field, out var value))
                {
                    output.Append(Encode(value, state));
                }
                else
                {
                    AddOnce(missing, field);
                    output.Append(MissingMarker(field));
                }

                i += match.Length;
                continue;
            }

            char c = query[i];
            char following = i + 1 < query.Length ? query[i + 1] : '\0';
            output.Append(c);
            i++;
            switch (state)
            {
                case SqlState.Code when c == '\'':
                    state = SqlState.SingleQuoted;
                    break;
                case SqlState.Code when c == '"':
                    state = SqlState.DoubleQuoted;
                    break;
                case SqlState.Code when c == '-' && following == '-':
                    output.Append(following);
                    i++;
                    state = SqlState.LineComment;
                    break;
                case SqlState.Code when c == '/' && following == '*':
                    output.Append(following);
                    i++;
                    state = SqlState.BlockComment;
                    break;
                case SqlState.SingleQuoted when c == '\'':
                case SqlState.DoubleQuoted when c == '"':
                    if (following == c)
                    {
                        // A doubled quote is an escaped quote: the literal goes on.
                        output.Append(following);
                        i++;
                    }
                    else
                    {
                        state = SqlState.Code;
                    }

                    break;
                case SqlState.LineComment when c == '\n':
                    state = SqlState.Code;
                    break;
                case SqlState.BlockComment when c == '*' && following == '/':
                    output.Append(following);
                    i++;
                    state = SqlState.Code;
                    break;
            }
        }

        return new FilledText(output.ToString(), missing.Count == 0 ? GuideItemStatus.Ready : GuideItemStatus.Skipped, fields, missing);
    }

    /// <summary>Fills a plain value (an Investigate provider's value): values are inserted as they are.</summary>
    public static FilledText FillValue(string text, AlertDocument? alert)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<string>();
        var missing = new List<string>();
        string filled = PlaceholderPattern().Replace(text, match =>
        {
            string field = match.Groups[1].Value.Trim();
            AddOnce(fields, field);
            if (alert is null)
            {
                return match.Value;
            }

            if (TryLookup(alert, field, out var value))
            {
                return value.Text;
            }

            AddOnce(missing, field);
            return MissingMarker(field);
        });
        var status = fields.Count == 0 ? GuideItemStatus.Ready
            : alert is null ? GuideItemStatus.Template
            : missing.Count == 0 ? GuideItemStatus.Ready
            : GuideItemStatus.Skipped;
        return new FilledText(filled, status, fields, missing);
    }

    private static bool TryLookup(AlertDocument alert, string field, out AlertValue value)
    {
        // Kibana substitutes only truthy values; an empty string would make a query that matches nothing.
        return alert.TryGetValue(field, out value) && value.Text.Length > 0;
    }

    private static string Encode(AlertValue value, SqlState state) => state switch
    {
        SqlState.Code => value.IsNumber ? value.Text : SqlLiteral.Quote(value.Text),
        SqlState.SingleQuoted => SqlLiteral.EscapeInsideSingleQuotes(value.Text),
        SqlState.DoubleQuoted => SqlLiteral.EscapeInsideDoubleQuotes(value.Text),
        SqlState.LineComment => value.Text.Replace('\n', ' ').Replace('\r', ' '),
        _ => value.Text.Replace("*/", "* /", StringComparison.Ordinal),
    };

    private static void AddOnce(List<string> list, string item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    private enum SqlState
    {
        Code,
        SingleQuoted,
        DoubleQuoted,
        LineComment,
        BlockComment,
    }
}
