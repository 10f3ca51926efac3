using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Reads indicator files (<c>--threat PATH</c>): NDJSON, one indicator document a line, or Elasticsearch hits
/// (<c>{"_index","_id","_source"}</c>). A document's index is its hit's <c>_index</c>, else its <c>data_stream</c>,
/// else the file name; its id the hit's <c>_id</c>, else the id derived from its bytes as for events. A bad line is
/// reported with its file and line and the others are read.
/// </summary>
public static class ThreatIndicatorLoader
{
    public static List<ThreatIndicator> Load(IEnumerable<string> paths, List<string> problems)
    {
        var result = new List<ThreatIndicator>();
        foreach (var path in paths)
        {
            IEnumerable<string> lines;
            try
            {
                lines = File.ReadLines(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}: cannot be read ({e.Message})");
                continue;
            }
            long number = 0;
            try
            {
                foreach (var line in lines)
                {
                    number++;
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }
                    Add(line, path, number, result, problems);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}:{number}: read error ({e.Message})");
            }
        }
        return result;
    }

    private static void Add(string line, string path, long number, List<ThreatIndicator> into, List<string> problems)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        JsonNode? node;
        try
        {
            node = Vigil.Events.Projection.StrictJson.Parse(bytes);
        }
        catch (System.Text.Json.JsonException e)
        {
            problems.Add($"{path}:{number}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
            return;
        }
        if (node is not JsonObject obj)
        {
            problems.Add($"{path}:{number}: an indicator must be a JSON object");
            return;
        }
        if (obj.ContainsKey("//"))
        {
            return;
        }
        var source = obj["_source"] as JsonObject ?? obj;
        var index = Text(obj, "_index") ?? EventIndex.Resolve([], bytes, null) ?? Path.GetFileName(path);
        var id = Text(obj, "_id") ?? EventIdentity.Derive(bytes);
        into.Add(new ThreatIndicator(index, id, source, path, number));
    }

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
