using System.Text.Json;

namespace Vigil.Rules.Guides;

/// <summary>
/// Finds <c>!{osquery{...}}</c> and <c>!{investigate{...}}</c> blocks in a note. The JSON object is delimited by
/// matching braces outside JSON strings, so braces inside string values (a query's <c>{{user.name}}</c>) never end
/// a block early. A block that cannot be read is still returned, with an error naming it, so rendering goes on.
/// </summary>
public static class GuideBlockTokenizer
{
    private const string OsqueryPrefix = "!{osquery";
    private const string InvestigatePrefix = "!{investigate";

    /// <summary>All blocks of <paramref name="note"/>, in order.</summary>
    public static IReadOnlyList<GuideBlock> Tokenize(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var blocks = new List<GuideBlock>();
        int osqueryCount = 0, investigateCount = 0;
        int i = 0;
        while (i < note.Length)
        {
            int bang = note.IndexOf("!{", i, StringComparison.Ordinal);
            if (bang < 0)
            {
                break;
            }

            GuideBlockKind kind;
            int prefixLength;
            if (string.CompareOrdinal(note, bang, OsqueryPrefix, 0, OsqueryPrefix.Length) == 0)
            {
                kind = GuideBlockKind.Osquery;
                prefixLength = OsqueryPrefix.Length;
            }
            else if (string.CompareOrdinal(note, bang, InvestigatePrefix, 0, InvestigatePrefix.Length) == 0)
            {
                kind = GuideBlockKind.Investigate;
                prefixLength = InvestigatePrefix.Length;
            }
            else
            {
                i = bang + 2;
                continue;
            }

            int open = bang + prefixLength;
            // Like Kibana, the configuration object must follow the plugin name directly.
            if (open >= note.Length || note[open] != '{')
            {
                i = open;
                continue;
            }

            int number = kind == GuideBlockKind.Osquery ? ++osqueryCount : ++investigateCount;
            var (line, column) = LineColumn(note, bang);
            blocks.Add(ReadBlock(note, kind, number, bang, open, line, column));
            var last = blocks[^1];
            i = last.Start + last.Length;
        }

        return blocks;
    }

    private static GuideBlock ReadBlock(string note, GuideBlockKind kind, int number, int start, int open, int line, int column)
    {
        string name = kind == GuideBlockKind.Osquery ? "osquery" : "investigate";
        string failure = $"Unable to parse {name} JSON configuration";
        int close = FindObjectEnd(note, open, respectStrings: true);
        if (close < 0)
        {
            // An unbalanced quote swallows the rest of the note; retry counting braces alone.
            close = FindObjectEnd(note, open, respectStrings: false);
        }

        if (close < 0)
        {
            int lineEnd = note.IndexOf('\n', open);
            int end = lineEnd < 0 ? note.Length : lineEnd;
            return new GuideBlock(kind, number, start, end - start, line, column, note[open..end],
                $"{failure}: the block is not closed (no matching '}}')");
        }

        string json = note[open..(close + 1)];
        if (close + 1 >= note.Length || note[close + 1] != '}')
        {
            return new GuideBlock(kind, number, start, close + 1 - start, line, column, json,
                $"{failure}: expected '}}' to close the block after the JSON object");
        }

        string? error = null;
        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"{failure}: {TrimJsonMessage(ex.Message)}";
        }

        return new GuideBlock(kind, number, start, close + 2 - start, line, column, json, error);
    }

    /// <summary>Index of the brace closing the object opened at <paramref name="open"/>, or -1.</summary>
    private static int FindObjectEnd(string text, int open, bool respectStrings)
    {
        int depth = 0;
        bool inString = false;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when respectStrings:
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static string TrimJsonMessage(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 12." which means little here.
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd();
    }

    private static (int Line, int Column) LineColumn(string text, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
