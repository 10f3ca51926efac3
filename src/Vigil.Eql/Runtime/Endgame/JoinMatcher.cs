using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Endgame <c>join</c> with the Python engine's semantics (endgameinc/eql, eql/engine.py <c>_convert_join</c>): per
/// join key, the first event matching each stage is kept, in any order; once every stage has one, the join is
/// emitted and the key forgotten. An <c>until</c> event drops its key's partial join. State is bounded: past
/// <see cref="MaxKeys"/> partial joins the oldest is dropped (<see cref="Dropped"/> counts them).
/// </summary>
public sealed class JoinMatcher
{
    private readonly IReadOnlyList<CompiledStage> stages;
    private readonly CompiledStage? until;
    private readonly Dictionary<SequenceKey, MatchedEvent?[]> partial = [];
    private readonly Queue<SequenceKey> arrival = new();
    private readonly List<SequenceResult> found = [];
    private readonly List<SequenceKey> keyBuffer = [];

    public JoinMatcher(CompiledQuery query, int maxKeys = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(query);
        stages = query.Stages;
        until = query.Until;
        MaxKeys = maxKeys;
    }

    public int MaxKeys { get; }

    public long Dropped { get; private set; }

    public int KeyCount => partial.Count;

    public void Push(EvalContext context, Func<MatchedEvent> capture)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(capture);
        if (until is not null && until.Matches(context))
        {
            KeyExtractor.Extract(context, until.Keys, keyBuffer);
            foreach (var key in keyBuffer)
            {
                partial.Remove(key);
            }
        }
        MatchedEvent? captured = null;
        for (var position = 0; position < stages.Count; position++)
        {
            var stage = stages[position];
            if (!stage.Matches(context))
            {
                continue;
            }
            KeyExtractor.Extract(context, stage.Keys, keyBuffer);
            foreach (var key in keyBuffer)
            {
                if (!partial.TryGetValue(key, out var events))
                {
                    events = new MatchedEvent?[stages.Count];
                    partial[key] = events;
                    arrival.Enqueue(key);
                    Bound();
                }
                if (events[position] is not null)
                {
                    continue;
                }
                captured ??= capture();
                events[position] = captured;
                if (Array.TrueForAll(events, e => e is not null))
                {
                    partial.Remove(key);
                    var rendered = new string?[key.Values.Length];
                    for (var i = 0; i < rendered.Length; i++)
                    {
                        rendered[i] = key.Values[i].Render();
                    }
                    found.Add(new SequenceResult(rendered, events));
                }
            }
        }
    }

    private void Bound()
    {
        while (partial.Count > MaxKeys && arrival.TryDequeue(out var oldest))
        {
            if (partial.Remove(oldest))
            {
                Dropped++;
            }
        }
        if (arrival.Count > 2 * MaxKeys + 16)
        {
            var live = arrival.Where(partial.ContainsKey).Distinct().ToList();
            arrival.Clear();
            foreach (var key in live)
            {
                arrival.Enqueue(key);
            }
        }
    }

    /// <summary>Hands over the joins completed since the last call, in the order they completed, and forgets them.</summary>
    public void TakeFound(List<SequenceResult> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.AddRange(found);
        found.Clear();
    }

    /// <summary>The joins completed so far and not taken, in the order they completed.</summary>
    public IReadOnlyList<SequenceResult> Finish() => found;
}
