using System.Buffers;
using System.Text;
using System.Text.Json;
using Vigil.Events.Json;

namespace Vigil.Kql.Compilation;

/// <summary>
/// Reads an event's JSON directly for the two queries a frame of projected fields cannot answer: free text (every
/// field) and nested queries (each object of an array on its own). Only those queries pay for it.
/// </summary>
internal static class SourceWalker
{
    private const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = MaxDepth + 8,
    };

    /// <summary>The byte ranges of the objects at <paramref name="segments"/> (each element when it is an array).</summary>
    public static List<(int Start, int Length)> ObjectsAt(ReadOnlySpan<byte> json, string[] segments)
    {
        var found = new List<(int Start, int Length)>();
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                Find(ref reader, segments, string.Join('.', segments), found, 0);
            }
        }
        catch (JsonException)
        {
            // The frame loaded this event, so it is valid JSON; anything else simply has no objects to offer.
        }
        return found;
    }

    // The reader is on StartObject; remaining is the dotted rest of the path (property names may hold dots).
    private static void Find(ref Utf8JsonReader reader, string[] segments, string remaining, List<(int, int)> found, int depth)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonStrings.GetString(ref reader);
            reader.Read();
            if (name == remaining)
            {
                Collect(ref reader, found, depth);
                continue;
            }
            if (depth < MaxDepth && reader.TokenType == JsonTokenType.StartObject
                && remaining.StartsWith(name + ".", StringComparison.Ordinal))
            {
                Find(ref reader, segments, remaining[(name.Length + 1)..], found, depth + 1);
                continue;
            }
            reader.Skip();
        }
    }

    private static void Collect(ref Utf8JsonReader reader, List<(int, int)> found, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                found.Add((start, (int)reader.BytesConsumed - start));
                break;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (depth < MaxDepth)
                    {
                        Collect(ref reader, found, depth + 1);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                break;
        }
    }

    /// <summary>
    /// Whether any scalar in the document passes the test chosen for its field's kinds (<paramref name="kindsOf"/>:
    /// the field's own kind and its multi-fields'; fields missing from it are read dynamically).
    /// </summary>
    public static bool AnyValue(ReadOnlySpan<byte> json,
        Dictionary<string, FieldKind[]>.AlternateLookup<ReadOnlySpan<char>> kindsOf, ValueTest?[] tests)
    {
        var path = ArrayPool<char>.Shared.Rent(Math.Max(16, json.Length));
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            return reader.Read() && Walk(ref reader, path, 0, kindsOf, tests, 0);
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(path);
        }
    }

    private static readonly FieldKind[] DynamicOnly = [FieldKind.Dynamic];

    private static bool Walk(ref Utf8JsonReader reader, char[] path, int length,
        Dictionary<string, FieldKind[]>.AlternateLookup<ReadOnlySpan<char>> kindsOf, ValueTest?[] tests, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var at = length;
                    if (at > 0)
                    {
                        path[at++] = '.';
                    }
                    var name = reader.HasValueSequence || reader.ValueIsEscaped ? JsonStrings.GetString(ref reader) : null;
                    at += name is not null ? Copy(name, path, at) : Encoding.UTF8.GetChars(reader.ValueSpan, path.AsSpan(at));
                    reader.Read();
                    if (depth >= MaxDepth)
                    {
                        reader.Skip();
                        continue;
                    }
                    if (Walk(ref reader, path, at, kindsOf, tests, depth + 1))
                    {
                        return true;
                    }
                }
                return false;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (depth < MaxDepth && Walk(ref reader, path, length, kindsOf, tests, depth + 1))
                    {
                        return true;
                    }
                }
                return false;
            case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                var kinds = kindsOf.TryGetValue(path.AsSpan(0, length), out var k) ? k : DynamicOnly;
                foreach (var kind in kinds)
                {
                    if (tests[(int)kind] is { } test && TestScalar(ref reader, test))
                    {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static int Copy(string name, char[] path, int at)
    {
        name.CopyTo(0, path, at, Math.Min(name.Length, path.Length - at));
        return Math.Min(name.Length, path.Length - at);
    }

    private static bool TestScalar(ref Utf8JsonReader reader, ValueTest test)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return test.Boolean(true);
            case JsonTokenType.False:
                return test.Boolean(false);
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                return raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0 && reader.TryGetInt64(out var integer)
                    ? test.Integer(integer)
                    : test.Decimal(reader.GetDouble());
            default:
                if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    return test.String(reader.ValueSpan);
                }
                return test.String(Encoding.UTF8.GetBytes(JsonStrings.GetString(ref reader)));
        }
    }
}
