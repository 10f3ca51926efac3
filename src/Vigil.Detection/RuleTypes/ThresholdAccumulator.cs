using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.RuleTypes;

/// <summary>
/// A threshold rule's hunt, streamed: per group (combination of threshold field values) its count, first and last
/// times, distinct cardinality values and the values of its first event; no event is kept. The hunt is one search,
/// so the signal history (which only removes events between executions) never applies.
/// </summary>
internal sealed class ThresholdAccumulator(ThresholdSettings settings, int maxSignals, TimeWindow window, bool bounded) : IRuleTypeAccumulator
{
    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);

    public bool KeepsEvents => false;

    public bool WantsMatches => true;

    public void Add(TimedMatch match, EventOrdinal ordinal)
    {
        if (!MatchedEvents.InWindow(match, window, bounded))
        {
            return;
        }
        var combinations = settings.Fields.Count == 0 ? [[]] : TermValues.Combinations(match.Source, settings.Fields);
        for (var c = 0; c < combinations.Count; c++)
        {
            var key = TermValues.Key(combinations[c]);
            if (!buckets.TryGetValue(key, out var bucket))
            {
                buckets[key] = bucket = new Bucket();
            }
            bucket.Add(combinations[c], new MatchPlace(ordinal, c), match, settings.CardinalityField);
        }
    }

    public WindowResult Finish()
    {
        // The collect-all run's groups in its insertion order, then its sort (same input, same order of ties).
        var passing = buckets.Values
            .OrderBy(static b => b.First)
            .Where(b => b.Count >= settings.Value && (settings.CardinalityField is null || b.Distinct!.Count >= settings.CardinalityValue))
            .ToList();
        passing.Sort((a, b) => TermValues.Compare(a.Values, b.Values));
        var matches = new List<RuleMatch>(Math.Min(passing.Count, maxSignals));
        foreach (var b in passing.Take(maxSignals))
        {
            var terms = new List<(string, JsonValue)>(settings.Fields.Count);
            for (var i = 0; i < settings.Fields.Count; i++)
            {
                terms.Add((settings.Fields[i], b.Values[i]));
            }
            matches.Add(new RuleMatch([], false)
            {
                Threshold = new ThresholdBucket(terms, b.Count, b.Min, b.Max, settings.CardinalityField is null ? null : b.Distinct!.Count),
            });
        }
        return new WindowResult(matches, passing.Count > maxSignals);
    }

    private sealed class Bucket
    {
        private bool started;

        /// <summary>The values of the group's first event (detached from its parsed document, which is not kept).</summary>
        public JsonValue[] Values { get; private set; } = [];

        public MatchPlace First { get; private set; }
        public long Count { get; private set; }
        public DateTimeOffset? Min { get; private set; }
        public DateTimeOffset? Max { get; private set; }
        public HashSet<string>? Distinct { get; private set; }

        public void Add(JsonValue[] values, MatchPlace place, TimedMatch match, string? cardinalityField)
        {
            if (!started || place.CompareTo(First) < 0)
            {
                started = true;
                First = place;
                Values = Array.ConvertAll(values, static v => (JsonValue)v.DeepClone());
            }
            Count++;
            if (match.Time is { } t)
            {
                Min = Min is { } lo && lo <= t ? lo : t;
                Max = Max is { } hi && hi >= t ? hi : t;
            }
            if (cardinalityField is not null)
            {
                Distinct ??= new HashSet<string>(StringComparer.Ordinal);
                foreach (var v in TermValues.Scalars(match.Source, cardinalityField))
                {
                    Distinct.Add(TermValues.Key([v]));
                }
            }
        }
    }
}
