using System.Text.Json;

namespace Vigil.Cli.Bench;

/// <summary>
/// The reference cost of reading JSON: a <see cref="Utf8JsonReader"/> over every token of every line, nothing
/// else. A detection engine that parses every event cannot beat this; one that skips lines can.
/// </summary>
public static class TokenizeBaseline
{
    /// <summary>Tokenizes each line of the chunk; returns the number of lines; counts tokens and bad lines.</summary>
    public static long TokenizeLines(ReadOnlySpan<byte> chunk, ref long tokens, ref long badLines)
    {
        long lines = 0;
        var start = 0;
        while (start < chunk.Length)
        {
            var lineFeed = chunk[start..].IndexOf((byte)'\n');
            var end = lineFeed < 0 ? chunk.Length : start + lineFeed;
            var line = chunk[start..end];
            if (!line.IsEmpty)
            {
                lines++;
                if (!Tokenize(line, ref tokens))
                {
                    badLines++;
                }
            }
            start = end + 1;
        }
        return lines;
    }

    private static bool Tokenize(ReadOnlySpan<byte> line, ref long tokens)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            while (reader.Read())
            {
                tokens++;
            }
            return true;
        }
        catch (JsonException)
        {
            // The baseline only measures speed; a bad line ends its own tokenizing and is counted.
            return false;
        }
    }
}
