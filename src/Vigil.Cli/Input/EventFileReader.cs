using System.Text.Json;
using Vigil.Eql.Runtime;

namespace Vigil.Cli.Input;

/// <summary>
/// Reads events from NDJSON (one object per line) or a JSON array (comments allowed), from a file or stdin.
/// Each event keeps its file and line; a broken array is reported with its place and what was read before it kept.
/// </summary>
public static class EventFileReader
{
    private static readonly JsonReaderOptions ArrayOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static List<EventInput> Read(string path, Action<InputProblem> onProblem)
    {
        ArgumentNullException.ThrowIfNull(onProblem);
        byte[] bytes;
        string origin;
        if (path == "-")
        {
            using var stdin = Console.OpenStandardInput();
            using var memory = new MemoryStream();
            stdin.CopyTo(memory);
            bytes = memory.ToArray();
            origin = "<stdin>";
        }
        else
        {
            bytes = File.ReadAllBytes(path);
            origin = path;
        }
        return Parse(bytes, origin, onProblem);
    }

    public static List<EventInput> Parse(byte[] bytes, string origin, Action<InputProblem> onProblem)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(onProblem);
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        var first = 0;
        while (first < span.Length && (span[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            first++;
        }
        var offset = bytes.Length - span.Length;
        if (first < span.Length && span[first] == (byte)'[')
        {
            return ReadArray(bytes, offset, origin, onProblem);
        }
        return ReadLines(bytes, offset, origin);
    }

    private static List<EventInput> ReadLines(byte[] bytes, int offset, string origin)
    {
        var events = new List<EventInput>();
        long line = 1;
        var start = offset;
        for (var i = offset; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                var segment = bytes.AsMemory(start, i - start);
                if (!segment.Span.Trim(" \t\r"u8).IsEmpty)
                {
                    events.Add(new EventInput(segment, origin, line));
                }
                line++;
                start = i + 1;
            }
        }
        return events;
    }

    private static List<EventInput> ReadArray(byte[] bytes, int offset, string origin, Action<InputProblem> onProblem)
    {
        var events = new List<EventInput>();
        var reader = new Utf8JsonReader(bytes.AsSpan(offset), isFinalBlock: true, new JsonReaderState(ArrayOptions));
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                var line = LineOf(bytes, offset + start);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                var end = (int)reader.BytesConsumed;
                events.Add(new EventInput(bytes.AsMemory(offset + start, end - start), origin, line));
            }
        }
        catch (JsonException error)
        {
            onProblem(new InputProblem(origin, (error.LineNumber ?? 0) + 1, (error.BytePositionInLine ?? 0) + 1,
                "invalid JSON array: " + Trim(error.Message)));
        }
        return events;
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }

    private static long LineOf(byte[] bytes, int position)
    {
        long line = 1;
        for (var i = 0; i < position; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }
        return line;
    }
}
