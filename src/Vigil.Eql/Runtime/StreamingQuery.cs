using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Runs a compiled query over events offered in input order without holding the input, with the result
/// <see cref="QueryRunner.Run"/> gives whenever no event is late:
/// <list type="bullet">
/// <item>Event queries keep only matches, each with its place in time order, sorted at the end; with a head, tail or
/// size only the matches that can still be in the result are kept (a heap of that many), so none is ever late.</item>
/// <item>Sequences go through a bounded reorder buffer (a min-heap on Elasticsearch's order, released once older than
/// the newest event by the window or when full) into the streaming matcher; an event behind one already released is
/// late: it is still evaluated, out of order, and counted.</item>
/// <item>Samples keep input order, as <see cref="QueryRunner.Run"/> does.</item>
/// </list>
/// Events that match no stage are dropped before any buffering. Memory is bounded by the buffer, the matcher's state
/// and the matches, not by the input's size.
/// </summary>
public sealed class StreamingQuery
{
    private static readonly IComparer<EventOrdinal> EarliestFirst = Comparer<EventOrdinal>.Create(static (a, b) => a.CompareTo(b));
    private static readonly IComparer<EventOrdinal> LatestFirst = Comparer<EventOrdinal>.Create(static (a, b) => b.CompareTo(a));

    private readonly QueryRunner runner;
    private readonly Mode mode;
    private readonly List<MatchedEvent> eventMatches = [];
    // Bounded event queries: the kept matches, the one to give up first at the root.
    private readonly PriorityQueue<MatchedEvent, EventOrdinal>? kept;
    private readonly int keepCount;
    private readonly bool keepsLatest;
    private readonly PriorityQueue<PendingEvent, EventOrdinal> buffer = new(EarliestFirst);
    private readonly ulong windowNanos;
    private readonly int maxBuffered;
    private bool released;
    private EventOrdinal lastReleased;
    private long newestTimestamp = long.MinValue;
    private long ordered;
    private int eventsTaken;

    public StreamingQuery(CompiledQuery query, RunOptions? options = null, ReorderOptions? reorder = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= RunOptions.Default;
        reorder ??= ReorderOptions.Default;
        runner = new QueryRunner(query, options);
        windowNanos = (ulong)Math.Clamp(reorder.Window.TotalMilliseconds * 1_000_000, 0, long.MaxValue);
        maxBuffered = Math.Max(1, reorder.MaxEvents);
        switch (query.Shape)
        {
            case QueryShape.Sample:
                mode = Mode.InputOrder;
                break;
            case not QueryShape.Sample when options.InputOrder:
                mode = Mode.InputOrder;
                break;
            case QueryShape.Sequence:
            case QueryShape.Join:
                mode = Mode.Reorder;
                break;
            case QueryShape.Event when query.Pipeline is not null || query.LineageSteps.Count > 0:
                // Endgame pipes and lineage state need every event in time order through the runner.
                mode = Mode.Reorder;
                break;
            default:
                // The first pipe (or the size when there is none) decides which end of the time-ordered matches the
                // result is cut from; the later pipes only cut further inside what it keeps.
                if (query.Limits.Count > 0)
                {
                    (keepCount, keepsLatest) = (query.Limits[0].Count, query.Limits[0].FromTail);
                }
                else if (options.Size is { } size)
                {
                    (keepCount, keepsLatest) = (size, false);
                }
                else
                {
                    mode = Mode.CollectAll;
                    break;
                }
                mode = Mode.KeepBounded;
                keepCount = Math.Max(0, keepCount);
                kept = new PriorityQueue<MatchedEvent, EventOrdinal>(keepsLatest ? EarliestFirst : LatestFirst);
                break;
        }
    }

    /// <summary>Events waiting in the reorder buffer.</summary>
    public int Buffered => buffer.Count;

    /// <summary>Events that arrived behind an event already released to the matcher (evaluated out of order).</summary>
    public long LateEvents { get; private set; }

    /// <summary>Events released before their window because the buffer was full.</summary>
    public long ForcedReleases { get; private set; }

    /// <summary>
    /// Offers one event; <paramref name="arrival"/> is its input order (increasing). Returns false with a problem
    /// for JSON that cannot be read; an event without a timestamp is skipped (counted in the result's statistics).
    /// </summary>
    /// <param name="copy">The event's bytes once copied, shared by callers that offer one event to several queries.</param>
    public bool Offer(ReadOnlySpan<byte> json, long arrival, string origin, long line, ref byte[]? copy, out InputProblem? problem)
    {
        if (!runner.TryOrder(json, arrival, origin, line, out var ordinal, out problem))
        {
            return problem is null;
        }
        ordered++;
        if (!runner.IsRelevantLoaded())
        {
            // Matches no stage: cannot change the result.
            return true;
        }
        Place(json, ordinal, origin, line, ref copy, frameLoaded: true);
        return true;
    }

    /// <summary>
    /// Offers an event whose place in time order and relevance are already known (a query set's worker read them
    /// from its own parse of the line): no parse here unless the event goes straight to the matcher.
    /// </summary>
    /// <param name="cannotOpen">
    /// The worker found that the event cannot start a sequence (<see cref="SequenceMatcher.CanOpen"/> false): released
    /// in time order to a matcher with nothing open, it is not parsed nor pushed.
    /// </param>
    public void OfferRelevant(ReadOnlySpan<byte> json, EventOrdinal ordinal, string origin, long line, ref byte[]? copy, bool cannotOpen = false)
    {
        ordered++;
        Place(json, ordinal, origin, line, ref copy, frameLoaded: false, cannotOpen);
    }

    /// <summary>
    /// Keeps or pushes an event by the query's mode. <paramref name="frameLoaded"/>: the runner's frame already holds
    /// it (after TryOrder), so an event pushed at once needs no second parse.
    /// </summary>
    private void Place(ReadOnlySpan<byte> json, EventOrdinal ordinal, string origin, long line, ref byte[]? copy, bool frameLoaded,
        bool cannotOpen = false)
    {
        switch (mode)
        {
            case Mode.CollectAll:
                eventMatches.Add(new MatchedEvent(copy ??= json.ToArray(), ordinal, origin, line));
                break;
            case Mode.KeepBounded:
                Keep(json, ordinal, origin, line, ref copy);
                break;
            case Mode.InputOrder:
                Push(json, ordinal, origin, line, frameLoaded);
                break;
            default:
                if (released && ordinal < lastReleased)
                {
                    // Behind an event the matcher already saw: still evaluated (best effort), and reported.
                    LateEvents++;
                    Push(json, ordinal, origin, line, frameLoaded);
                }
                else
                {
                    buffer.Enqueue(new PendingEvent(copy ??= json.ToArray(), origin, line, cannotOpen), ordinal);
                    newestTimestamp = Math.Max(newestTimestamp, ordinal.Timestamp);
                    Release();
                }
                break;
        }
    }

    private void Push(ReadOnlySpan<byte> json, EventOrdinal ordinal, string origin, long line, bool frameLoaded)
    {
        if (frameLoaded)
        {
            runner.PushCurrent(ordinal, origin, line);
        }
        else
        {
            runner.PushOrdered(json, ordinal, origin, line);
        }
    }

    /// <summary>Whether matches can be handed out as they are decided (<see cref="TakeDecided"/>): event queries without head/tail/size, and sequences.</summary>
    public bool CanDecideEarly => mode is Mode.CollectAll or Mode.Reorder;

    /// <summary>
    /// Follow mode: matches decided since the last call — an event query's matches as they are found, a sequence
    /// when its last stage matched (and its missing-event stages are decided, <see cref="SequenceMatcher.TakeDecided"/>).
    /// <see cref="Finish"/> still returns every match in Elasticsearch's order.
    /// </summary>
    public QueryResult TakeDecided(bool settleAll = false)
    {
        var statistics = new QueryStatistics(ordered, 0, 0);
        if (mode == Mode.CollectAll)
        {
            if (eventsTaken == eventMatches.Count)
            {
                return new QueryResult([], [], false, statistics);
            }
            var taken = eventMatches.GetRange(eventsTaken, eventMatches.Count - eventsTaken);
            eventsTaken = eventMatches.Count;
            return new QueryResult(taken, [], false, statistics);
        }
        return new QueryResult([], mode == Mode.Reorder ? runner.TakeDecidedSequences(settleAll) : [], true, statistics);
    }

    /// <summary>
    /// Hands over an event query's matches found since the last call (input order; each with its ordinal, so the
    /// caller can restore time order) and forgets them: they are not in <see cref="Finish"/>'s result. For a consumer
    /// that folds matches as they come (a rule type's buckets or terms) so the stream keeps no event. Only for event
    /// queries without head, tail or size (<see cref="CanDecideEarly"/> and not a sequence), and not beside
    /// <see cref="TakeDecided"/>.
    /// </summary>
    public void TakeEventMatches(List<MatchedEvent> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (mode != Mode.CollectAll)
        {
            throw new InvalidOperationException("only an event query without head, tail or size hands its matches over as found");
        }
        if (eventMatches.Count == 0)
        {
            return;
        }
        into.AddRange(eventMatches);
        eventMatches.Clear();
        eventsTaken = 0;
    }

    /// <summary>Whether <see cref="TakeEventMatches"/> can be used: an event query whose matches are all kept.</summary>
    public bool HandsOverEventMatches => mode == Mode.CollectAll;

    /// <summary>
    /// Follow mode, input idle: releases every waiting event to the matcher now, so waiting is bounded in wall-clock
    /// time too; an event arriving later behind them is late (evaluated out of order, counted).
    /// </summary>
    public void Flush()
    {
        while (buffer.Count > 0)
        {
            ReleaseOldest();
        }
    }

    /// <summary>Ends the stream: releases what waits and returns the result, pipes and size applied.</summary>
    public QueryResult Finish()
    {
        switch (mode)
        {
            case Mode.CollectAll:
                eventMatches.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
                return runner.FinishEvents(eventMatches, ordered);
            case Mode.KeepBounded:
                var list = new List<MatchedEvent>(kept!.Count);
                while (kept.TryDequeue(out var matched, out _))
                {
                    list.Add(matched);
                }
                list.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
                return runner.FinishEvents(list, ordered);
            default:
                while (buffer.Count > 0)
                {
                    ReleaseOldest();
                }
                return runner.Finish();
        }
    }

    private void Keep(ReadOnlySpan<byte> json, EventOrdinal ordinal, string origin, long line, ref byte[]? copy)
    {
        if (keepCount == 0)
        {
            return;
        }
        if (kept!.Count < keepCount)
        {
            kept.Enqueue(new MatchedEvent(copy ??= json.ToArray(), ordinal, origin, line), ordinal);
            return;
        }
        kept.TryPeek(out _, out var worst);
        var better = keepsLatest ? ordinal > worst : ordinal < worst;
        if (better)
        {
            kept.EnqueueDequeue(new MatchedEvent(copy ??= json.ToArray(), ordinal, origin, line), ordinal);
        }
    }

    private void Release()
    {
        while (buffer.TryPeek(out _, out var oldest))
        {
            var full = buffer.Count > maxBuffered;
            // newest >= oldest, so the difference fits an unsigned long even when the subtraction wraps.
            if (!full && unchecked((ulong)(newestTimestamp - oldest.Timestamp)) <= windowNanos)
            {
                return;
            }
            if (full)
            {
                ForcedReleases++;
            }
            ReleaseOldest();
        }
    }

    private void ReleaseOldest()
    {
        buffer.TryDequeue(out var pending, out var ordinal);
        released = true;
        lastReleased = ordinal;
        if (pending.CannotOpen && runner.IsIdleSequence)
        {
            runner.PassIdle();
            return;
        }
        runner.PushOrdered(pending.Json, ordinal, pending.Origin, pending.Line);
    }

    private enum Mode
    {
        CollectAll,
        KeepBounded,
        InputOrder,
        Reorder,
    }

    private readonly record struct PendingEvent(byte[] Json, string Origin, long Line, bool CannotOpen);
}
