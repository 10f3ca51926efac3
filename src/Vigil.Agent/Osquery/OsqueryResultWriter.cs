using System.Text;
using System.Text.Json;

namespace Vigil.Agent.Osquery;

/// <summary>Prints query results: an aligned text table, or JSON rows the way <c>osqueryi --json</c> prints them.</summary>
public static class OsqueryResultWriter
{
    /// <summary>
    /// The rows as a table with a header line and a rule, then the row count. Control characters in values (a
    /// hostile process can put escape sequences in its command line) are shown as '?'.
    /// </summary>
    public static void WriteTable(OsqueryResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        int count = result.Columns.Count;
        var widths = new int[count];
        for (int i = 0; i < count; i++)
        {
            widths[i] = Safe(result.Columns[i]).Length;
        }

        foreach (string?[] row in result.Rows)
        {
            for (int i = 0; i < count; i++)
            {
                widths[i] = Math.Max(widths[i], Safe(row[i] ?? "").Length);
            }
        }

        var line = new StringBuilder();
        WriteLine(output, line, widths, result.Columns);
        line.Clear();
        for (int i = 0; i < count; i++)
        {
            line.Append(i == 0 ? "" : "  ").Append('-', widths[i]);
        }

        output.WriteLine(line.ToString());
        foreach (string?[] row in result.Rows)
        {
            WriteLine(output, line, widths, row);
        }

        output.WriteLine(result.Rows.Count == 1 ? "(1 row)" : $"({result.Rows.Count} rows)");
    }

    /// <summary>The rows as a JSON array of objects, every value a string (null for SQL NULL), as osqueryi prints them.</summary>
    public static void WriteJson(OsqueryResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (string?[] row in result.Rows)
            {
                json.WriteStartObject();
                for (int i = 0; i < result.Columns.Count; i++)
                {
                    json.WriteString(result.Columns[i], row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteLine(TextWriter output, StringBuilder line, int[] widths, IReadOnlyList<string?> values)
    {
        line.Clear();
        for (int i = 0; i < widths.Length; i++)
        {
            string text = Safe(values[i] ?? "");
            line.Append(i == 0 ? "" : "  ").Append(text);
            if (i < widths.Length - 1)
            {
                line.Append(' ', widths[i] - text.Length);
            }
        }

        output.WriteLine(line.ToString());
    }

    private static string Safe(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return string.Create(text.Length, text, static (span, source) =>
                {
                    for (int i = 0; i < span.Length; i++)
                    {
                        span[i] = char.IsControl(source[i]) ? '?' : source[i];
                    }
                });
            }
        }

        return text;
    }
}
