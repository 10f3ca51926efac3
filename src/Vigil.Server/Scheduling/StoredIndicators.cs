using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.RuleTypes;
using Vigil.Server.Store;

namespace Vigil.Server.Scheduling;

/// <summary>
/// An indicator match rule's indicators in <c>vigil serve</c>: the stored events whose <c>_index</c> matches one of
/// the rule's <c>threat_index</c> patterns (e.g. <c>logs-ti_*</c>, documents bulk-sent to
/// <c>logs-ti_abusech.malware-default</c>), whatever their time (Kibana's indicator search has no time range), then
/// the <c>--threat</c> files' indicators. <c>threat_query</c> and <c>threat_filters</c> are applied by the rule
/// type afterwards, as for <c>vigil scan --threat</c>.
/// </summary>
internal static class StoredIndicators
{
    /// <summary>The rule's <c>threat_index</c> patterns (non-empty strings, in order).</summary>
    public static IReadOnlyList<string> PatternsOf(PreparedRule rule) => rule.Rule.Definition["threat_index"] is JsonArray list
        ? list.Select(v => v is JsonValue s && s.TryGetValue<string>(out var text) ? text : null).OfType<string>().Where(p => p.Length > 0).ToList()
        : [];

    public static List<ThreatIndicator> For(IReadOnlyList<string> patterns, IEventStore store, IReadOnlyList<ThreatIndicator> fromFiles, int threads,
        List<string> problems)
    {
        var result = new List<ThreatIndicator>();
        if (patterns.Count > 0)
        {
            var indices = new IndexPatternMatcher(patterns);
            var segments = store.Overlapping(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            problems.AddRange(StoredEventBatches.Read(segments, prefilter: null, threads, indices.Matches, batch =>
            {
                foreach (var ev in batch)
                {
                    JsonNode? node;
                    try
                    {
                        node = Vigil.Events.Projection.StrictJson.Parse(ev.Json.Span);
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        problems.Add($"{ev.Origin}:{ev.Line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
                        continue;
                    }
                    if (node is JsonObject source)
                    {
                        result.Add(new ThreatIndicator(ev.Index, ev.Id, source, ev.Origin, ev.Line));
                    }
                }
            }));
        }
        result.AddRange(fromFiles);
        return result;
    }
}
