using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Cli.Input;
using Vigil.Eql.Runtime;
using Vigil.Events.Readers;

namespace Vigil.Cli.Conformance;

/// <summary>
/// Loads a QA index's data the way ES's DataLoader and the index itself would: Endgame FILETIME timestamps turned into
/// <c>@timestamp</c> (epoch ms, or epoch nanos for the nanos index), mapping null_value substitutes for explicit
/// nulls, and dates in custom formats parsed into epoch milliseconds.
/// </summary>
public static class IndexDataLoader
{
    private const long FileTimeEpochOffsetMillis = 11_644_473_600_000;

    public enum TimestampTransform
    {
        None,
        EndgameMillis,
        EndgameNanos,
    }

    public static List<EventInput> Load(string dataPath, IndexMapping mapping, TimestampTransform transform, string origin, Action<InputProblem> onProblem, string fileTimeField = "timestamp")
    {
        var collector = new EventInputCollector(onProblem);
        InputReader.ReadPath(dataPath, collector, new ReaderOptions { ValidateNdjson = true });
        var raw = collector.Events;
        var events = new List<EventInput>(raw.Count);
        foreach (var input in raw)
        {
            JsonObject? node;
            try
            {
                node = JsonNode.Parse(input.Json.Span, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject;
            }
            catch (JsonException error)
            {
                onProblem(new InputProblem(origin, input.Line, null, error.Message));
                continue;
            }
            if (node is null)
            {
                onProblem(new InputProblem(origin, input.Line, null, "not a JSON object"));
                continue;
            }
            Transform(node, mapping, transform, fileTimeField);
            MapDynamically(node, "", mapping);
            events.Add(new EventInput(JsonSerializer.SerializeToUtf8Bytes(node), origin, input.Line));
        }
        return events;
    }

    // Fields the mapping does not list get mapped when a document first has a value for them, as ES's dynamic
    // mapping does (a field whose values are all null stays unmapped).
    private static void MapDynamically(JsonNode? node, string path, IndexMapping mapping)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    MapDynamically(child, path.Length == 0 ? name : path + "." + name, mapping);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MapDynamically(item, path, mapping);
                }
                break;
            case JsonValue when path.Length > 0 && !mapping.Aliases.ContainsKey(path):
                mapping.Types.TryAdd(path, "dynamic");
                break;
        }
    }

    private static void Transform(JsonObject node, IndexMapping mapping, TimestampTransform transform, string fileTimeField)
    {
        if (transform != TimestampTransform.None && node[fileTimeField] is JsonValue value && value.TryGetValue<long>(out var fileTime))
        {
            if (transform == TimestampTransform.EndgameMillis)
            {
                node["@timestamp"] = fileTime / 10_000 - FileTimeEpochOffsetMillis;
            }
            else
            {
                // The nanos index reads the FILETIME digits as epoch nanoseconds.
                var digits = fileTime.ToString(CultureInfo.InvariantCulture);
                var millis = digits.Length > 6 ? digits[..^6] : "0";
                var nanos = digits.Length > 6 ? digits[^6..] : digits.PadLeft(6, '0');
                node["@timestamp"] = nanos == "000000" ? millis : millis + "." + nanos;
                node[fileTimeField] = fileTime / 1_000_000;
            }
        }
        foreach (var (path, substitute) in mapping.NullValues)
        {
            if (node.TryGetPropertyValue(path, out var current) && current is null)
            {
                node[path] = substitute?.DeepClone();
            }
        }
        foreach (var (path, format) in mapping.DateFormats)
        {
            if (node[path] is JsonValue dateValue && dateValue.TryGetValue<string>(out var text))
            {
                foreach (var candidate in format.Split("||"))
                {
                    if (DateTime.TryParseExact(text, candidate, CultureInfo.InvariantCulture,
                            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        node[path] = new DateTimeOffset(parsed, TimeSpan.Zero).ToUnixTimeMilliseconds();
                        break;
                    }
                }
            }
        }
    }
}
