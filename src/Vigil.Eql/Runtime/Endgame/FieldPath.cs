using System.Globalization;
using System.Text.Json;

namespace Vigil.Eql.Runtime;

/// <summary>
/// A field path of the Endgame dialect split into names and array indexes (<c>a.b[0].c</c>), and the walk of a
/// JSON tree along it with the Python engine's rules (eql/engine.py, <c>_convert_field</c>): a name reads an
/// object's member, an index an array's element, and a name after a string compares the two
/// (<c>subtype.create</c> is <c>subtype == "create"</c>); anything else is undefined (null).
/// </summary>
public static class FieldPath
{
    /// <summary>One step: a member name, or an array index when <see cref="Name"/> is null.</summary>
    public readonly record struct Segment(string? Name, int Index);

    public static Segment[] Parse(string path)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                var digits = close < 0 ? path[(i + 1)..] : path[(i + 1)..close];
                segments.Add(new Segment(null, int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue));
                i = close < 0 ? path.Length : close + 1;
                continue;
            }
            if (path[i] == '.')
            {
                i++;
                continue;
            }
            var end = path.IndexOfAny(['.', '['], i);
            if (end < 0)
            {
                end = path.Length;
            }
            segments.Add(new Segment(path[i..end], 0));
            i = end;
        }
        if (segments.Count == 0)
        {
            segments.Add(new Segment(path, 0));
        }
        return segments.ToArray();
    }

    /// <summary>Walks <paramref name="root"/>; <see cref="JsonValueKind.Undefined"/> when the path leads nowhere.</summary>
    public static JsonElement Walk(JsonElement root, ReadOnlySpan<Segment> segments)
    {
        var current = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            switch (current.ValueKind)
            {
                case JsonValueKind.Object when segment.Name is { } name:
                    if (!current.TryGetProperty(name, out current))
                    {
                        // A flattened document may spell the rest of the path as one dotted key.
                        return WalkDotted(root, segments, i, current);
                    }
                    break;
                case JsonValueKind.Array when segment.Name is null:
                    if (segment.Index >= current.GetArrayLength())
                    {
                        return default;
                    }
                    current = current[segment.Index];
                    break;
                case JsonValueKind.String when segment.Name is { } name:
                    return Comparison(string.Equals(current.GetString(), name, StringComparison.Ordinal));
                default:
                    return default;
            }
        }
        return current;
    }

    private static JsonElement WalkDotted(JsonElement root, ReadOnlySpan<Segment> segments, int at, JsonElement _)
    {
        if (at != 0 || root.ValueKind != JsonValueKind.Object)
        {
            return default;
        }
        // {"a.b": ...}: try the longest dotted prefix of names that is a member.
        for (var take = segments.Length; take > 1; take--)
        {
            var names = new List<string>();
            for (var k = 0; k < take && segments[k].Name is { } n; k++)
            {
                names.Add(n);
            }
            if (names.Count == take && root.TryGetProperty(string.Join('.', names), out var member))
            {
                return Walk(member, segments[take..]);
            }
        }
        return default;
    }

    private static readonly JsonElement TrueElement = JsonDocument.Parse("true").RootElement;
    private static readonly JsonElement FalseElement = JsonDocument.Parse("false").RootElement;

    private static JsonElement Comparison(bool equal) => equal ? TrueElement : FalseElement;
}
