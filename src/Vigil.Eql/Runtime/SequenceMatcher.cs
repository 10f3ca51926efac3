using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Streaming sequence matcher with Elasticsearch's semantics. Events must arrive in ordinal order. Per join key and
/// stage only the latest in-flight sequence is kept: ES's matcher always extends the latest earlier sequence of the
/// previous stage and discards the older ones, so older ones can never complete. A sequence is rejected when its
/// next event is more than maxspan after its first; an <c>until</c> event drops the key's in-flight sequences.
/// Missing-event stages (<c>![...]</c>) are checked when the positive stages complete, against the events that
/// matched them (leading: before the first event, trailing: after the last, middle: strictly between neighbours).
/// </summary>
public sealed class SequenceMatcher
{

    private const long NanosPerMilli = 1_000_000;

    private readonly IReadOnlyList<CompiledStage> stages;
    private readonly CompiledStage? until;
    private readonly bool[] missing;
    private readonly int[] previousPositive;
    private readonly int[] nextPositive;
    private readonly int firstPositive;
    private readonly int lastPositive;
    private readonly bool hasMissing;
    private readonly long maxSpan;
    private readonly Dictionary<SequenceKey, PartialSequence?[]> inFlight = [];
    private readonly List<PartialSequence> completed = [];
    private readonly List<PartialSequence> awaitingMissingChecks = [];
    private readonly int purgeInterval;
    private readonly List<MissingEventRecord>[] missingHistory;
    private readonly List<SequenceKey> keyBuffer = [];
    private readonly StateBudget budget;
    private long heldBytes;
    private long completedCount;
    // Follow mode: completed sequences already handed out by TakeDecided.
    private int drained;
    private long pushes;
    private long lastTimestamp;

    /// <param name="query">The compiled sequence.</param>
    /// <param name="purgeInterval">Every how many events expired state is dropped (maxspan passed).</param>
    /// <param name="budget">The memory budget this matcher's open sequences count against (see <see cref="StateBudget"/>).</param>
    public SequenceMatcher(CompiledQuery query, int purgeInterval = 4096, StateBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        this.budget = budget ?? new StateBudget(StateBudget.DefaultBytes);
        this.budget.Members++;
        this.purgeInterval = Math.Max(1, purgeInterval);
        stages = query.Stages;
        until = query.Until;
        maxSpan = query.MaxSpanNanos;
        var n = stages.Count;
        missing = new bool[n];
        previousPositive = new int[n];
        nextPositive = new int[n];
        missingHistory = new List<MissingEventRecord>[n];
        firstPositive = -1;
        lastPositive = -1;
        for (var i = 0; i < n; i++)
        {
            missing[i] = stages[i].IsMissing;
            hasMissing |= missing[i];
            missingHistory[i] = [];
            if (!missing[i])
            {
                if (firstPositive < 0)
                {
                    firstPositive = i;
                }
                lastPositive = i;
            }
        }
        for (var i = 0; i < n; i++)
        {
            previousPositive[i] = -1;
            for (var j = i - 1; j >= 0; j--)
            {
                if (!missing[j])
                {
                    previousPositive[i] = j;
                    break;
                }
            }
            nextPositive[i] = -1;
            for (var j = i + 1; j < n; j++)
            {
                if (!missing[j])
                {
                    nextPositive[i] = j;
                    break;
                }
            }
        }
        if (firstPositive < 0)
        {
            throw new EqlCompileException("a sequence needs at least one stage that is not a missing event");
        }
    }

    /// <summary>In-flight sequences held right now (the matcher's state size).</summary>
    public long InFlightCount { get; private set; }

    public long PeakInFlightCount { get; private set; }

    /// <summary>Open sequences dropped to keep within the state budget (each one a match that may have been lost).</summary>
    public long EvictedCount { get; private set; }

    /// <summary>Estimated bytes of the open sequences held now.</summary>
    public long HeldBytes => heldBytes;

    /// <summary>
    /// No sequence is open and none awaits its missing-event checks: an event that cannot start a sequence
    /// (<see cref="CanOpen"/> false) then changes nothing, not even through the missing-event history, whose records
    /// only count when they come after a sequence's first event.
    /// </summary>
    public bool IsIdle => InFlightCount == 0 && awaitingMissingChecks.Count == 0;

    /// <summary>
    /// Whether the event in <paramref name="context"/> may start a sequence of <paramref name="query"/> or be
    /// history a later start looks back on: it matches the first positive stage or a missing stage before it.
    /// </summary>
    public static bool CanOpen(CompiledQuery query, EvalContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var stage in query.Stages)
        {
            if (stage.Matches(context))
            {
                return true;
            }
            if (!stage.IsMissing)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Sequences completed so far (including those still awaiting missing-event checks).</summary>
    public int CompletedCount => completed.Count + awaitingMissingChecks.Count;

    /// <summary>Offers the event currently loaded in <paramref name="context"/>; <paramref name="capture"/> copies it when it is kept.</summary>
    public void Push(EvalContext context, EventOrdinal ordinal, Func<MatchedEvent> capture)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(capture);
        lastTimestamp = ordinal.Timestamp;
        MatchedEvent? captured = null;
        // Later stages first, so one event never extends a sequence it has just started or advanced.
        for (var stage = stages.Count - 1; stage >= 0; stage--)
        {
            var compiled = stages[stage];
            if (!compiled.Matches(context))
            {
                continue;
            }
            KeyExtractor.Extract(context, compiled.Keys, keyBuffer);
            if (keyBuffer.Count == 0)
            {
                continue;
            }
            if (missing[stage])
            {
                missingHistory[stage].Add(new MissingEventRecord(ordinal, keyBuffer.ToArray()));
                continue;
            }
            captured ??= capture();
            foreach (var key in keyBuffer)
            {
                Advance(stage, key, captured);
            }
        }
        if (until is not null && until.Matches(context))
        {
            KeyExtractor.Extract(context, until.Keys, keyBuffer);
            foreach (var key in keyBuffer)
            {
                DropBefore(key, ordinal);
            }
        }
        if (++pushes % purgeInterval == 0)
        {
            Purge();
        }
    }

    private void Advance(int stage, SequenceKey key, MatchedEvent matched)
    {
        if (stage == firstPositive)
        {
            var started = new PartialSequence(key, stages.Count, stage, matched);
            if (stage == lastPositive)
            {
                Complete(started);
            }
            else
            {
                Store(key, stage, started);
            }
            return;
        }
        var previous = previousPositive[stage];
        if (!inFlight.TryGetValue(key, out var slots) || slots[previous] is not { } sequence)
        {
            return;
        }
        var fork = stages[stage].IsFork;
        if (fork)
        {
            // Endgame fork: a copy goes on, the partial sequence stays for the stage's next event.
            if (maxSpan > 0 && matched.Ordinal.Timestamp - sequence.Start.Timestamp > maxSpan)
            {
                return;
            }
            sequence = sequence.Fork();
        }
        else
        {
            slots[previous] = null;
            InFlightCount--;
            Release(sequence);
            if (maxSpan > 0 && matched.Ordinal.Timestamp - sequence.Start.Timestamp > maxSpan)
            {
                RemoveIfEmpty(key, slots);
                return;
            }
        }
        sequence.Put(stage, matched);
        if (stage == lastPositive)
        {
            RemoveIfEmpty(key, slots);
            Complete(sequence);
        }
        else
        {
            Store(key, stage, sequence);
        }
    }

    private void Store(SequenceKey key, int stage, PartialSequence sequence)
    {
        if (!inFlight.TryGetValue(key, out var slots))
        {
            slots = new PartialSequence?[stages.Count];
            inFlight[key] = slots;
        }
        if (slots[stage] is { } replaced)
        {
            Release(replaced);
        }
        else
        {
            InFlightCount++;
            PeakInFlightCount = Math.Max(PeakInFlightCount, InFlightCount);
        }
        slots[stage] = sequence;
        sequence.Accounted = sequence.EstimateBytes();
        heldBytes += sequence.Accounted;
        budget.HeldBytes += sequence.Accounted;
        if (budget.HeldBytes > budget.LimitBytes && heldBytes > budget.Share / 2)
        {
            Evict();
        }
    }

    private void Release(PartialSequence sequence)
    {
        heldBytes -= sequence.Accounted;
        budget.HeldBytes -= sequence.Accounted;
        sequence.Accounted = 0;
    }

    // Over budget: the oldest open sequences go first (the ones maxspan would expire next), down to 80% of this
    // matcher's share, so that evictions come in rare batches and cost little per event.
    private void Evict()
    {
        var target = Math.Min(heldBytes, budget.Share) * 8 / 10;
        var open = new List<(PartialSequence Sequence, int Stage)>((int)Math.Min(InFlightCount, int.MaxValue));
        foreach (var (_, slots) in inFlight)
        {
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] is { } sequence)
                {
                    open.Add((sequence, i));
                }
            }
        }
        open.Sort((a, b) => a.Sequence.Start.CompareTo(b.Sequence.Start));
        foreach (var (sequence, stage) in open)
        {
            if (heldBytes <= target)
            {
                break;
            }
            var slots = inFlight[sequence.Key];
            slots[stage] = null;
            InFlightCount--;
            EvictedCount++;
            Release(sequence);
            RemoveIfEmpty(sequence.Key, slots);
        }
    }

    private void RemoveIfEmpty(SequenceKey key, PartialSequence?[] slots)
    {
        foreach (var slot in slots)
        {
            if (slot is not null)
            {
                return;
            }
        }
        inFlight.Remove(key);
    }

    private void DropBefore(SequenceKey key, EventOrdinal ordinal)
    {
        if (!inFlight.TryGetValue(key, out var slots))
        {
            return;
        }
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] is { } sequence && sequence.Last <= ordinal)
            {
                slots[i] = null;
                InFlightCount--;
                Release(sequence);
            }
        }
        RemoveIfEmpty(key, slots);
    }

    private void Complete(PartialSequence sequence)
    {
        sequence.CompletionIndex = completedCount++;
        if (hasMissing)
        {
            awaitingMissingChecks.Add(sequence);
        }
        else
        {
            completed.Add(sequence);
        }
    }

    // Decides the candidates whose missing-event windows are closed: no later event can be within maxspan of their
    // start, so their verdict is final and the history they needed can go.
    private void SettleMissingChecks(long closedBefore)
    {
        var kept = 0;
        for (var i = 0; i < awaitingMissingChecks.Count; i++)
        {
            var candidate = awaitingMissingChecks[i];
            if (candidate.Start.Timestamp < closedBefore)
            {
                if (PassesMissingChecks(candidate))
                {
                    completed.Add(candidate);
                }
            }
            else
            {
                awaitingMissingChecks[kept++] = candidate;
            }
        }
        awaitingMissingChecks.RemoveRange(kept, awaitingMissingChecks.Count - kept);
    }

    // Drops in-flight sequences that can no longer complete within maxspan, and missing-event history that no
    // candidate can still need, so state stays bounded on long streams.
    private void Purge()
    {
        if (maxSpan <= 0)
        {
            return;
        }
        var horizon = lastTimestamp - maxSpan;
        List<SequenceKey>? emptied = null;
        foreach (var (key, slots) in inFlight)
        {
            var any = false;
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] is { } sequence && sequence.Start.Timestamp < horizon)
                {
                    slots[i] = null;
                    InFlightCount--;
                    Release(sequence);
                }
                any |= slots[i] is not null;
            }
            if (!any)
            {
                (emptied ??= []).Add(key);
            }
        }
        if (emptied is not null)
        {
            foreach (var key in emptied)
            {
                inFlight.Remove(key);
            }
        }
        if (hasMissing)
        {
            // Missing-event checks compare whole milliseconds, hence the margins.
            SettleMissingChecks(horizon - 2 * NanosPerMilli);
            // Keep two maxspans of history: a pending candidate may look back one maxspan from its start.
            var keepFrom = lastTimestamp - 2 * maxSpan - 4 * NanosPerMilli;
            foreach (var history in missingHistory)
            {
                history.RemoveAll(record => record.Ordinal.Timestamp < keepFrom);
            }
        }
    }

    /// <summary>
    /// Follow mode: the sequences decided since the last call, in completion order (no later event can undo a
    /// completed sequence). Candidates with missing-event stages are decided first when maxspan has closed on them in
    /// event time, or all of them when <paramref name="settleAll"/> (a wall-clock timeout passed with no new event).
    /// </summary>
    public IReadOnlyList<SequenceResult> TakeDecided(bool settleAll)
    {
        if (hasMissing && awaitingMissingChecks.Count > 0)
        {
            SettleMissingChecks(settleAll || maxSpan <= 0 ? long.MaxValue : lastTimestamp - maxSpan - 2 * NanosPerMilli);
        }
        if (drained == completed.Count)
        {
            return [];
        }
        var results = new List<SequenceResult>(completed.Count - drained);
        for (; drained < completed.Count; drained++)
        {
            results.Add(Result(completed[drained]));
        }
        return results;
    }

    /// <summary>
    /// Whether <see cref="TakeCompleted"/> may be used: without missing-event stages a completed sequence is final
    /// when its last event arrives.
    /// </summary>
    public bool HandsOverCompleted => !hasMissing;

    /// <summary>
    /// Hands over the sequences completed since the last call and forgets them (they are not in <see cref="Finish"/>),
    /// in <see cref="Finish"/>'s order: called after each event, every one of them ends at that event, and any
    /// sequence completed later ends at a later one. Only when <see cref="HandsOverCompleted"/>; not beside
    /// <see cref="TakeDecided"/>.
    /// </summary>
    public void TakeCompleted(List<SequenceResult> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (hasMissing)
        {
            throw new InvalidOperationException("sequences with missing-event stages are decided at the end");
        }
        if (completed.Count == 0)
        {
            return;
        }
        completed.Sort(InResultOrder);
        foreach (var sequence in completed)
        {
            into.Add(Result(sequence));
        }
        completed.Clear();
        drained = 0;
    }

    // ES's order of completed sequences: by last event, then first, then completion.
    private static int InResultOrder(PartialSequence a, PartialSequence b)
    {
        var c = a.Last.CompareTo(b.Last);
        if (c == 0)
        {
            c = a.Start.CompareTo(b.Start);
        }
        return c != 0 ? c : a.CompletionIndex.CompareTo(b.CompletionIndex);
    }

    /// <summary>The completed sequences (missing events checked), ordered as ES orders them: by their last event, then first.</summary>
    public IReadOnlyList<SequenceResult> Finish()
    {
        SettleMissingChecks(long.MaxValue);
        var accepted = new List<PartialSequence>(completed);
        accepted.Sort(InResultOrder);
        var results = new List<SequenceResult>(accepted.Count);
        foreach (var sequence in accepted)
        {
            results.Add(Result(sequence));
        }
        return results;
    }

    private static SequenceResult Result(PartialSequence sequence)
    {
        var keys = new string?[sequence.Key.Values.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = sequence.Key.Values[i].Render();
        }
        return new SequenceResult(keys, sequence.Events);
    }

    private bool PassesMissingChecks(PartialSequence sequence)
    {
        var leading = true;
        long? lastLeading = null;
        long? firstTrailing = null;
        var startMs = sequence.Start.TimestampMillis;
        var lastMs = sequence.Last.TimestampMillis;
        for (var i = 0; i < stages.Count; i++)
        {
            if (!missing[i])
            {
                leading = false;
                continue;
            }
            var trailing = nextPositive[i] < 0;
            long lower = 0, upper = 0;
            if (!leading && !trailing)
            {
                lower = sequence.Events[previousPositive[i]]!.Ordinal.TimestampMillis;
                upper = sequence.Events[nextPositive[i]]!.Ordinal.TimestampMillis;
            }
            foreach (var record in missingHistory[i])
            {
                if (!HasKey(record, sequence.Key))
                {
                    continue;
                }
                var ms = record.Ordinal.TimestampMillis;
                if (leading)
                {
                    if (ms < startMs && (lastLeading is null || ms > lastLeading))
                    {
                        lastLeading = ms;
                    }
                }
                else if (trailing)
                {
                    if (ms > lastMs && (firstTrailing is null || ms < firstTrailing))
                    {
                        firstTrailing = ms;
                    }
                }
                else if (ms > lower && ms < upper)
                {
                    return false;
                }
            }
        }
        var firstIsMissing = missing[0];
        var lastIsMissing = missing[^1];
        return (firstTrailing is null && lastLeading is null)
            || (lastLeading is null && firstIsMissing)
            || (firstTrailing is null && lastIsMissing)
            || (firstIsMissing && lastIsMissing && BeyondMaxSpan(lastLeading, firstTrailing))
            || (firstIsMissing && !lastIsMissing && BeyondMaxSpan(lastLeading, lastMs))
            || (!firstIsMissing && lastIsMissing && BeyondMaxSpan(startMs, firstTrailing));
    }

    private bool BeyondMaxSpan(long? fromMs, long? toMs)
    {
        if (fromMs is null || toMs is null)
        {
            return true;
        }
        return maxSpan > 0 && (toMs.Value - fromMs.Value) * 1_000_000 > maxSpan;
    }

    private static bool HasKey(MissingEventRecord record, SequenceKey key)
    {
        foreach (var candidate in record.Keys)
        {
            if (candidate.Equals(key))
            {
                return true;
            }
        }
        return false;
    }
}
