using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Sample matcher with Elasticsearch's semantics: events are grouped by join key per stage (in arrival order, no
/// time ordering); every key present in all stages yields up to max_samples_per_key samples, each one event per
/// stage with no event used twice, enumerated stage by stage; samples are ordered by key (null first).
/// </summary>
public sealed class SampleMatcher
{
    private readonly IReadOnlyList<CompiledStage> stages;
    private readonly int maxSamplesPerKey;
    private readonly int candidateCap;
    private readonly Dictionary<SequenceKey, List<MatchedEvent>[]> candidates = [];
    private readonly List<SequenceKey> keyBuffer = [];

    public SampleMatcher(CompiledQuery query, int maxSamplesPerKey)
    {
        ArgumentNullException.ThrowIfNull(query);
        stages = query.Stages;
        this.maxSamplesPerKey = Math.Max(1, maxSamplesPerKey);
        // Enough candidates per stage to find the wanted number of distinct-event samples.
        candidateCap = this.maxSamplesPerKey + stages.Count;
    }

    /// <summary>Join keys currently tracked (the matcher's state size).</summary>
    public int KeyCount => candidates.Count;

    public void Push(EvalContext context, Func<MatchedEvent> capture)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(capture);
        MatchedEvent? captured = null;
        for (var stage = 0; stage < stages.Count; stage++)
        {
            if (!stages[stage].Matches(context))
            {
                continue;
            }
            KeyExtractor.Extract(context, stages[stage].Keys, keyBuffer);
            foreach (var key in keyBuffer)
            {
                if (!candidates.TryGetValue(key, out var lists))
                {
                    lists = new List<MatchedEvent>[stages.Count];
                    for (var i = 0; i < lists.Length; i++)
                    {
                        lists[i] = [];
                    }
                    candidates[key] = lists;
                }
                if (lists[stage].Count < candidateCap)
                {
                    captured ??= capture();
                    lists[stage].Add(captured);
                }
            }
        }
    }

    public IReadOnlyList<SequenceResult> Finish()
    {
        var keys = new List<SequenceKey>();
        foreach (var (key, lists) in candidates)
        {
            var complete = true;
            foreach (var list in lists)
            {
                complete &= list.Count > 0;
            }
            if (complete)
            {
                keys.Add(key);
            }
        }
        keys.Sort();
        var results = new List<SequenceResult>();
        foreach (var key in keys)
        {
            var rendered = new string?[key.Values.Length];
            for (var i = 0; i < rendered.Length; i++)
            {
                rendered[i] = key.Values[i].RenderForSample();
            }
            var chosen = new MatchedEvent[stages.Count];
            var found = 0;
            Enumerate(candidates[key], 0, chosen, ref found, rendered, results);
        }
        return results;
    }

    private void Enumerate(List<MatchedEvent>[] lists, int stage, MatchedEvent[] chosen, ref int found, string?[] keys, List<SequenceResult> results)
    {
        if (found >= maxSamplesPerKey)
        {
            return;
        }
        if (stage == lists.Length)
        {
            results.Add(new SequenceResult(keys, (MatchedEvent?[])chosen.Clone()));
            found++;
            return;
        }
        foreach (var candidate in lists[stage])
        {
            var used = false;
            for (var i = 0; i < stage; i++)
            {
                used |= ReferenceEquals(chosen[i], candidate);
            }
            if (used)
            {
                continue;
            }
            chosen[stage] = candidate;
            Enumerate(lists, stage + 1, chosen, ref found, keys, results);
            if (found >= maxSamplesPerKey)
            {
                return;
            }
        }
    }
}
