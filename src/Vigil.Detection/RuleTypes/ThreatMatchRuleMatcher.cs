using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Json;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Kibana's indicator match rule: the indicators (<see cref="ScanOptions.ThreatIndicators"/>) that pass
/// <c>threat_query</c> are matched against the query's events in a search window through <c>threat_mapping</c>
/// (an indicator takes part in an entry only when each of its indicator fields holds exactly one value, as Kibana's
/// filter builder requires); each event with a match becomes one alert whose <c>threat.enrichments</c> gets one
/// entry per matched (indicator, pair), at most 200.
/// </summary>
internal sealed class ThreatMatchRuleMatcher(EqlRuleMatcher query, DetectionRule rule, ThreatMapping mapping, EqlRuleMatcher? threatQuery,
    string indicatorPath) : IAggregatingRuleMatcher
{
    /// <summary>Kibana's cap on enrichments per alert (MAX_NUMBER_OF_SIGNAL_MATCHES).</summary>
    public const int MaxEnrichments = 200;

    public EqlRuleMatcher Query { get; } = query;

    public IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems) =>
        Start(MatchedEvents.Of(Query, events, rule, problems), new ScanOptions(), problems)
            .Search(new TimeWindow(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), DateTimeOffset.UnixEpoch, bounded: false).Matches;

    public IRuleTypeRun Start(IReadOnlyList<TimedMatch> matched, ScanOptions options, List<string> problems, HistoryMatches? history = null)
    {
        var indicators = options.ThreatIndicators;
        if (threatQuery is not null && indicators.Count > 0)
        {
            // Kibana searches the indicator index with threat_query and no time range of its own, so an indicator
            // without a readable @timestamp takes part unless the query itself asks for a time.
            var filter = new Vigil.Eql.Runtime.QueryRunner(threatQuery.Query);
            var kept = new List<ThreatIndicator>(indicators.Count);
            foreach (var indicator in indicators)
            {
                if (filter.Filter(System.Text.Encoding.UTF8.GetBytes(indicator.Source.ToJsonString()), indicator.Origin, indicator.Line, out var problem))
                {
                    kept.Add(indicator);
                }
                else if (problem is not null)
                {
                    problems.Add(problem.ToString());
                }
            }
            indicators = kept;
        }
        return new Run(matched, new Index(mapping, indicators), indicatorPath, rule.MaxSignals);
    }

    // Per mapping entry: its first positive pair's indicator value → the indicators holding it (one value each).
    private sealed class Index
    {
        public Index(ThreatMapping mapping, IReadOnlyList<ThreatIndicator> indicators)
        {
            Mapping = mapping;
            foreach (var entry in mapping.Entries)
            {
                var lookup = new Dictionary<string, List<(ThreatIndicator Indicator, string[] Values)>>(StringComparer.Ordinal);
                var anchor = entry.ToList().FindIndex(static p => !p.Negate);
                foreach (var indicator in indicators)
                {
                    var values = new string[entry.Count];
                    var complete = true;
                    for (var p = 0; p < entry.Count && complete; p++)
                    {
                        var found = FieldValues.Get(indicator.Source, entry[p].Value);
                        complete = found.Count == 1 && found[0] is JsonValue v && v.GetValueKind() != System.Text.Json.JsonValueKind.Null;
                        values[p] = complete ? TermValues.Text((JsonValue)found[0]!) : "";
                    }
                    if (!complete)
                    {
                        continue;
                    }
                    if (!lookup.TryGetValue(values[anchor], out var list))
                    {
                        lookup[values[anchor]] = list = [];
                    }
                    list.Add((indicator, values));
                }
                ByEntry.Add((anchor, lookup));
            }
        }

        public ThreatMapping Mapping { get; }

        public List<(int Anchor, Dictionary<string, List<(ThreatIndicator Indicator, string[] Values)>> Lookup)> ByEntry { get; } = [];
    }

    private sealed class Run(IReadOnlyList<TimedMatch> matched, Index index, string indicatorPath, int maxSignals) : IRuleTypeRun
    {
        public WindowResult Search(TimeWindow window, DateTimeOffset startedAt, bool bounded)
        {
            var found = new List<(TimedMatch Event, JsonArray Enrichments, int Order)>();
            for (var i = 0; i < matched.Count; i++)
            {
                var m = matched[i];
                if (MatchedEvents.InWindow(m, window, bounded) && Enrich(m.Source) is { Count: > 0 } enrichments)
                {
                    found.Add((m, enrichments, i));
                }
            }
            // Elasticsearch's order for the events search: by time, then as read.
            found.Sort((a, b) => a.Event.Time is { } ta && b.Event.Time is { } tb && ta != tb ? ta.CompareTo(tb) : a.Order.CompareTo(b.Order));
            var matches = found.Take(maxSignals).Select(f => new RuleMatch([f.Event.Event], false) { Enrichments = f.Enrichments }).ToList();
            return new WindowResult(matches, found.Count > maxSignals);
        }

        private JsonArray? Enrich(JsonObject source)
        {
            JsonArray? result = null;
            var named = new HashSet<string>(StringComparer.Ordinal);
            for (var e = 0; e < index.ByEntry.Count; e++)
            {
                var entry = index.Mapping.Entries[e];
                var (anchor, lookup) = index.ByEntry[e];
                var eventValues = new HashSet<string>[entry.Count];
                for (var p = 0; p < entry.Count; p++)
                {
                    eventValues[p] = [.. TermValues.Scalars(source, entry[p].Field).Select(TermValues.Text)];
                }
                foreach (var value in eventValues[anchor])
                {
                    if (!lookup.TryGetValue(value, out var candidates))
                    {
                        continue;
                    }
                    foreach (var (indicator, values) in candidates)
                    {
                        var all = true;
                        for (var p = 0; p < entry.Count && all; p++)
                        {
                            all = eventValues[p].Contains(values[p]) != entry[p].Negate;
                        }
                        if (!all)
                        {
                            continue;
                        }
                        for (var p = 0; p < entry.Count; p++)
                        {
                            // One named query per (indicator, pair); the same pair met through two entries counts once.
                            if (entry[p].Negate || !named.Add($"{indicator.Index}\u001f{indicator.Id}\u001f{entry[p].Field}\u001f{entry[p].Value}"))
                            {
                                continue;
                            }
                            result ??= [];
                            if (result.Count < MaxEnrichments)
                            {
                                result.Add(Enrichment(indicator, entry[p].Field, source));
                            }
                        }
                    }
                }
            }
            return result;
        }

        // buildEnrichments + enrichSignalWithThreatMatches: indicator object, feed name, matched {atomic, field, id, index, type}.
        private JsonObject Enrichment(ThreatIndicator indicator, string field, JsonObject source)
        {
            var at = FieldValues.Get(indicator.Source, indicatorPath);
            var indicatorObject = at.Count > 0 && at[0] is JsonObject o ? o.DeepClone() : LeafObject(indicator.Source, indicatorPath);
            var feed = new JsonObject();
            if (FieldValues.Get(indicator.Source, "threat.feed.name") is [JsonValue name, ..] && name.TryGetValue<string>(out var feedName) && feedName.Length > 0)
            {
                feed["name"] = feedName;
            }
            var atomicValues = FieldValues.Get(source, field);
            JsonNode? atomic = atomicValues.Count == 1 ? atomicValues[0]?.DeepClone() : new JsonArray([.. atomicValues.Select(v => v?.DeepClone())]);
            var matchedObject = new JsonObject();
            if (atomicValues.Count > 0)
            {
                matchedObject["atomic"] = atomic;
            }
            matchedObject["field"] = field;
            matchedObject["id"] = indicator.Id;
            matchedObject["index"] = indicator.Index;
            matchedObject["type"] = "indicator_match_rule";
            return new JsonObject { ["indicator"] = indicatorObject, ["feed"] = feed, ["matched"] = matchedObject };
        }

        // An indicator stored with dotted keys (threat.indicator.ip beside threat.indicator.type): gathered into one object.
        private static JsonNode LeafObject(JsonObject source, string path)
        {
            var result = new JsonObject();
            var prefix = path + ".";
            foreach (var (key, value) in source)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    result[key[prefix.Length..]] = value?.DeepClone();
                }
            }
            return result;
        }
    }
}
