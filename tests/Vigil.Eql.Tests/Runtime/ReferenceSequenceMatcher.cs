namespace Vigil.Eql.Tests.Runtime;

/// <summary>A generated event: time, id (also the tiebreaker), category, key values (null = field absent), value.</summary>
public sealed record ModelEvent(long Timestamp, long Id, string Category, string?[]? Keys, int Value);

/// <summary>A generated stage: category, minimum value, missing flag.</summary>
public sealed record ModelStage(string Category, int MinValue, bool IsMissing);

/// <summary>A generated sequence query over the model.</summary>
public sealed record ModelQuery(IReadOnlyList<ModelStage> Stages, ModelStage? Until, bool Keyed, bool OptionalKey, long MaxSpanMs);

/// <summary>
/// A deliberately naive reading of Elasticsearch's sequence algorithm, written independently of the streaming
/// matcher: stage by stage over the whole input (one ES window), every in-flight sequence kept in per-key lists,
/// until markers looked up rather than applied, missing events found by scanning every event.
/// </summary>
public static class ReferenceSequenceMatcher
{
    private sealed class Seq(string? key, int stages)
    {
        public string? Key { get; } = key;

        public ModelEvent?[] Events { get; } = new ModelEvent?[stages];

        public ModelEvent First { get; set; } = null!;

        public ModelEvent Last { get; set; } = null!;

        public int Order { get; set; }
    }

    private static int Compare(ModelEvent a, ModelEvent b) =>
        a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Id.CompareTo(b.Id);

    private static bool Matches(ModelStage stage, ModelEvent e) => e.Category == stage.Category && e.Value >= stage.MinValue;

    // Join keys of an event: distinct non-null values, sorted; none gives null (optional key) or no key at all.
    private static List<string?> KeysOf(ModelQuery query, ModelEvent e)
    {
        if (!query.Keyed)
        {
            return [null];
        }
        var values = (e.Keys ?? []).Where(k => k is not null).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (values.Count == 0)
        {
            return query.OptionalKey ? [null] : [];
        }
        return values;
    }

    /// <summary>Each result as (event ids with -1 for missing, key or null).</summary>
    public static List<(long[] Ids, string? Key)> Run(ModelQuery query, IReadOnlyList<ModelEvent> input)
    {
        var events = input.OrderBy(e => e, Comparer<ModelEvent>.Create(Compare)).ToList();
        var stages = query.Stages;
        var n = stages.Count;
        var positive = Enumerable.Range(0, n).Where(i => !stages[i].IsMissing).ToList();
        var first = positive[0];
        var last = positive[^1];
        int Previous(int s) => positive.Last(p => p < s);
        var groups = new Dictionary<(string?, int), List<Seq>>();
        List<Seq> Group(string? key, int stage)
        {
            if (!groups.TryGetValue((key, stage), out var list))
            {
                groups[(key, stage)] = list = [];
            }
            return list;
        }
        var untilMarkers = new List<(string? Key, ModelEvent Event)>();
        if (query.Until is { } until)
        {
            foreach (var e in events.Where(e => Matches(until, e)))
            {
                foreach (var key in KeysOf(query, e))
                {
                    untilMarkers.Add((key, e));
                }
            }
        }
        var completed = new List<Seq>();
        var order = 0;
        foreach (var stage in positive)
        {
            foreach (var e in events.Where(e => Matches(stages[stage], e)))
            {
                foreach (var key in KeysOf(query, e))
                {
                    if (stage == first)
                    {
                        var seq = new Seq(key, n) { First = e, Last = e };
                        seq.Events[stage] = e;
                        if (stage == last)
                        {
                            seq.Order = order++;
                            completed.Add(seq);
                        }
                        else
                        {
                            Group(key, stage).Add(seq);
                        }
                        continue;
                    }
                    var group = Group(key, Previous(stage));
                    var index = group.FindLastIndex(s => Compare(s.Last, e) < 0);
                    if (index < 0)
                    {
                        continue;
                    }
                    var found = group[index];
                    group.RemoveRange(0, index + 1);
                    if (query.MaxSpanMs > 0 && e.Timestamp - found.First.Timestamp > query.MaxSpanMs)
                    {
                        continue;
                    }
                    var nearest = untilMarkers.Where(u => u.Key == key && Compare(u.Event, e) < 0)
                        .Select(u => u.Event).OrderBy(u => u, Comparer<ModelEvent>.Create(Compare)).LastOrDefault();
                    if (nearest is not null && Compare(found.Last, nearest) <= 0)
                    {
                        continue;
                    }
                    found.Events[stage] = e;
                    found.Last = e;
                    if (stage == last)
                    {
                        found.Order = order++;
                        completed.Add(found);
                    }
                    else
                    {
                        Group(key, stage).Add(found);
                    }
                }
            }
        }
        return completed
            .Where(seq => PassesMissing(query, events, seq))
            .OrderBy(seq => seq.Last, Comparer<ModelEvent>.Create(Compare))
            .ThenBy(seq => seq.First, Comparer<ModelEvent>.Create(Compare))
            .ThenBy(seq => seq.Order)
            .Select(seq => (seq.Events.Select(e => e?.Id ?? -1).ToArray(), seq.Key))
            .ToList();
    }

    private static bool PassesMissing(ModelQuery query, List<ModelEvent> events, Seq seq)
    {
        var stages = query.Stages;
        var n = stages.Count;
        if (!stages.Any(s => s.IsMissing))
        {
            return true;
        }
        long? lastLeading = null;
        long? firstTrailing = null;
        var seenPositive = false;
        for (var i = 0; i < n; i++)
        {
            if (!stages[i].IsMissing)
            {
                seenPositive = true;
                continue;
            }
            var hits = events.Where(e => Matches(stages[i], e) && KeysOf(query, e).Contains(seq.Key)).Select(e => e.Timestamp).ToList();
            var trailing = !Enumerable.Range(i + 1, n - i - 1).Any(j => !stages[j].IsMissing);
            if (!seenPositive)
            {
                foreach (var t in hits.Where(t => t < seq.First.Timestamp))
                {
                    lastLeading = lastLeading is null ? t : Math.Max(lastLeading.Value, t);
                }
            }
            else if (trailing)
            {
                foreach (var t in hits.Where(t => t > seq.Last.Timestamp))
                {
                    firstTrailing = firstTrailing is null ? t : Math.Min(firstTrailing.Value, t);
                }
            }
            else
            {
                var before = seq.Events[Enumerable.Range(0, i).Last(j => !stages[j].IsMissing)]!.Timestamp;
                var after = seq.Events[Enumerable.Range(i + 1, n - i - 1).First(j => !stages[j].IsMissing)]!.Timestamp;
                if (hits.Any(t => t > before && t < after))
                {
                    return false;
                }
            }
        }
        bool Beyond(long? from, long? to) => from is null || to is null || (query.MaxSpanMs > 0 && to - from > query.MaxSpanMs);
        var firstMissing = stages[0].IsMissing;
        var lastMissing = stages[^1].IsMissing;
        return (firstTrailing is null && lastLeading is null)
            || (lastLeading is null && firstMissing)
            || (firstTrailing is null && lastMissing)
            || (firstMissing && lastMissing && Beyond(lastLeading, firstTrailing))
            || (firstMissing && !lastMissing && Beyond(lastLeading, seq.Last.Timestamp))
            || (!firstMissing && lastMissing && Beyond(seq.First.Timestamp, firstTrailing));
    }
}
