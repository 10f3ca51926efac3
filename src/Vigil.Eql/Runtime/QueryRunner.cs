using Vigil.Eql.Compilation;
using Vigil.Events.Projection;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Runs a compiled query over events. <see cref="Push"/> streams events that are already in time order (bounded
/// state); <see cref="Run"/> takes events in any order, orders them by timestamp, tiebreaker and input order, and
/// streams them. Bad events are reported through the callback and skipped; the rest still runs.
/// </summary>
public sealed class QueryRunner
{
    private readonly CompiledQuery query;
    private readonly RunOptions options;
    private readonly EventFrame frame;
    private readonly EvalContext context;
    private readonly SequenceMatcher? sequences;
    private readonly SampleMatcher? samples;
    private readonly JoinMatcher? joins;
    private readonly List<MatchedEvent> events = [];
    private readonly int headLimit;
    // Endgame pipes: every result goes through them as it is found (sequences and joins as they complete).
    private readonly EndgamePipeStream? pipeStream;
    private readonly List<SequenceResult> completedBuffer = [];
    private readonly Func<MatchedEvent> capture;
    private long seen;
    private long withoutTimestamp;
    private EventOrdinal currentOrdinal;
    private string currentOrigin = "";
    private long currentLine;

    public QueryRunner(CompiledQuery query, RunOptions? options = null)
    {
        this.query = query ?? throw new ArgumentNullException(nameof(query));
        this.options = options ?? RunOptions.Default;
        frame = new EventFrame(query.Layout);
        context = new EvalContext(frame);
        // One cached delegate: matchers copy the current event only when they keep it, without a closure per event.
        capture = CaptureCurrent;
        switch (query.Shape)
        {
            case QueryShape.Sequence:
                sequences = new SequenceMatcher(query, this.options.StatePurgeInterval, this.options.StateBudget ?? new StateBudget(StateBudget.DefaultBytes));
                break;
            case QueryShape.Sample:
                samples = new SampleMatcher(query, this.options.MaxSamplesPerKey);
                break;
            case QueryShape.Join:
                joins = new JoinMatcher(query);
                break;
        }
        // An event query whose first pipe is a head (or that has only a size) can stop collecting early.
        headLimit = int.MaxValue;
        if (query.Pipeline is { } pipeline)
        {
            // Endgame pipes: each result is offered as found; a full head stops the search.
            pipeStream = new EndgamePipeStream(pipeline, this.options.PipeMemoryBytes ?? EndgamePipeStream.DefaultMemoryBytes);
        }
        else if (query.Limits.Count > 0 && !query.Limits[0].FromTail)
        {
            headLimit = query.Limits[0].Count;
        }
        else if (query.Limits.Count == 0 && this.options.Size is { } size)
        {
            headLimit = size;
        }
    }

    /// <summary>Runs over events in any order.</summary>
    public static QueryResult Run(CompiledQuery query, IEnumerable<EventInput> inputs, RunOptions? options = null, Action<InputProblem>? onProblem = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var runner = new QueryRunner(query, options);
        var ordered = new List<(EventOrdinal Ordinal, EventInput Input)>();
        long arrival = 0;
        foreach (var input in inputs)
        {
            var load = runner.frame.Load(input.Json.Span);
            if (!load.Success)
            {
                onProblem?.Invoke(new InputProblem(input.Origin, input.Line + load.Line - 1, load.Column, load.Error ?? "invalid JSON"));
                continue;
            }
            if (!runner.TryOrdinal(arrival++, out var ordinal))
            {
                continue;
            }
            ordered.Add((ordinal, input));
        }
        if (query.Shape != QueryShape.Sample && !runner.options.InputOrder)
        {
            ordered.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
        }
        foreach (var (ordinal, input) in ordered)
        {
            runner.frame.Load(input.Json.Span);
            runner.PushLoaded(ordinal, input.Origin, input.Line);
        }
        return runner.Finish();
    }

    /// <summary>Streams one event (events must come in time order). Returns false with a problem for bad JSON.</summary>
    public bool Push(ReadOnlySpan<byte> json, string origin, long line, out InputProblem? problem)
    {
        var load = frame.Load(json);
        if (!load.Success)
        {
            problem = new InputProblem(origin, line + load.Line - 1, load.Column, load.Error ?? "invalid JSON");
            return false;
        }
        problem = null;
        if (TryOrdinal(seen, out var ordinal))
        {
            PushLoaded(ordinal, origin, line);
            return true;
        }
        problem = UnreadableTimestamp(origin, line);
        return problem is null;
    }

    /// <summary>
    /// Whether one event satisfies an event query's condition, with no time order and so no timestamp needed: for a
    /// filter that Kibana runs as a plain search without a time range (an indicator match rule's <c>threat_query</c>
    /// over the indicator index). False with a problem for bad JSON.
    /// </summary>
    public bool Filter(ReadOnlySpan<byte> json, string origin, long line, out InputProblem? problem)
    {
        if (query.Shape != QueryShape.Event)
        {
            throw new InvalidOperationException("Only an event query is a filter.");
        }
        var load = frame.Load(json);
        if (!load.Success)
        {
            problem = new InputProblem(origin, line + load.Line - 1, load.Column, load.Error ?? "invalid JSON");
            return false;
        }
        problem = null;
        return query.Stages[0].Matches(context);
    }

    /// <summary>
    /// First half of streaming through a reorder buffer: loads the event and reads its place in time order.
    /// False with a problem for bad JSON; false without one for an event with no timestamp (counted, as in <see cref="Run"/>).
    /// </summary>
    public bool TryOrder(ReadOnlySpan<byte> json, long arrival, string origin, long line, out EventOrdinal ordinal, out InputProblem? problem)
    {
        var load = frame.Load(json);
        if (!load.Success)
        {
            problem = new InputProblem(origin, line + load.Line - 1, load.Column, load.Error ?? "invalid JSON");
            ordinal = default;
            return false;
        }
        problem = null;
        if (TryOrdinal(arrival, out ordinal))
        {
            return true;
        }
        problem = UnreadableTimestamp(origin, line);
        return false;
    }

    /// <summary>
    /// The problem to report for the loaded event when its timestamp field holds a value that is not a date (as
    /// Elasticsearch refuses to index such a document); null when the field is just missing.
    /// </summary>
    private InputProblem? UnreadableTimestamp(string origin, long line)
    {
        var slot = query.TimestampSlot;
        if (slot < 0 || frame.CountOf(slot) == 0)
        {
            return null;
        }
        var value = frame.ValueOf(slot, 0);
        var text = value.Kind switch
        {
            FieldValueKind.String => "\"" + frame.StringOf(value) + "\"",
            FieldValueKind.Integer => value.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            FieldValueKind.Decimal => value.Decimal.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => value.Kind.ToString().ToLowerInvariant(),
        };
        if (text.Length > 80)
        {
            text = text[..77] + "...";
        }
        text = Vigil.Events.Text.SafeText.Neutralise(text);
        return new InputProblem(origin, line, null,
            $"field '{frame.Layout.PathOf(slot)}' holds {text}, which is not a date it can read (ISO 8601 or epoch milliseconds, years 1677 to 2262); the event is skipped, as Elasticsearch would reject it");
    }

    /// <summary>
    /// Whether the event loaded by <see cref="TryOrder"/> can change the result: it matches the event query, or a
    /// stage or the until of a sequence (samples: always). Events that cannot are skipped before any buffering.
    /// </summary>
    public bool IsRelevantLoaded()
    {
        if (query.LineageSteps.Count > 0)
        {
            return true; // Lineage state follows every process event.
        }
        switch (query.Shape)
        {
            case QueryShape.Event:
                return query.Stages[0].Matches(context);
            case QueryShape.Sequence:
                foreach (var stage in query.Stages)
                {
                    if (stage.Matches(context))
                    {
                        return true;
                    }
                }
                return query.Until is { } until && until.Matches(context);
            default:
                return true;
        }
    }

    /// <summary>Second half: pushes an event (already checked by <see cref="TryOrder"/>) at its place in time order.</summary>
    public void PushOrdered(ReadOnlySpan<byte> json, EventOrdinal ordinal, string origin, long line)
    {
        frame.Load(json);
        PushLoaded(ordinal, origin, line);
    }

    private bool TryOrdinal(long arrival, out EventOrdinal ordinal)
    {
        long timestamp = 0;
        var hasTimestamp = frame.CountOf(query.TimestampSlot) > 0 &&
            EventTimestamp.TryRead(frame, frame.ValueOf(query.TimestampSlot, 0), out timestamp);
        if (!hasTimestamp && query.Shape != QueryShape.Sample && !options.InputOrder)
        {
            withoutTimestamp++;
            ordinal = default;
            return false;
        }
        var tiebreaker = KeyValue.Null;
        if (query.TiebreakerSlot >= 0)
        {
            tiebreaker = KeyValue.From(FieldReader.Read(frame, query.TiebreakerSlot, 0, query.TiebreakerCoercion));
        }
        ordinal = new EventOrdinal(timestamp, tiebreaker, arrival);
        return true;
    }

    private MatchedEvent CaptureCurrent() => new(frame.Source.ToArray(), currentOrdinal, currentOrigin, currentLine);

    /// <summary>Pushes the event <see cref="TryOrder"/> just loaded, without loading it again (input-order streams).</summary>
    internal void PushCurrent(EventOrdinal ordinal, string origin, long line) => PushLoaded(ordinal, origin, line);

    /// <summary>
    /// Ends an event query whose matches were collected outside the runner (<see cref="StreamingQuery"/>): the
    /// pipes and size apply to <paramref name="ordered"/> (matches in time order) as <see cref="Finish"/> applies them.
    /// </summary>
    internal QueryResult FinishEvents(IReadOnlyList<MatchedEvent> ordered, long seenEvents) =>
        new(Limit(ordered), [], false, new QueryStatistics(seenEvents, withoutTimestamp, 0));

    /// <summary>A sequence whose matcher holds nothing open (<see cref="SequenceMatcher.IsIdle"/>), without lineage steps.</summary>
    internal bool IsIdleSequence => sequences is { IsIdle: true } && query.LineageSteps.Count == 0;

    /// <summary>An event released in time order that cannot open a sequence while <see cref="IsIdleSequence"/>: counted as seen, not loaded.</summary>
    internal void PassIdle() => seen++;

    private void PushLoaded(EventOrdinal ordinal, string origin, long line)
    {
        seen++;
        currentOrdinal = ordinal;
        currentOrigin = origin;
        currentLine = line;
        foreach (var step in query.LineageSteps)
        {
            step.Observe(context);
        }
        switch (query.Shape)
        {
            case QueryShape.Event when pipeStream is not null:
                if (!pipeStream.Exhausted && query.Stages[0].Matches(context))
                {
                    pipeStream.Offer(new PipeRecord([CaptureCurrent()], []));
                }
                break;
            case QueryShape.Sequence when pipeStream is not null:
                if (!pipeStream.Exhausted)
                {
                    sequences!.Push(context, ordinal, capture);
                    OfferCompleted();
                }
                break;
            case QueryShape.Join when pipeStream is not null:
                if (!pipeStream.Exhausted)
                {
                    joins!.Push(context, capture);
                    joins.TakeFound(completedBuffer);
                    OfferCompleted();
                }
                break;
            case QueryShape.Event:
                if (events.Count < headLimit && query.Stages[0].Matches(context))
                {
                    events.Add(CaptureCurrent());
                }
                break;
            case QueryShape.Sequence:
                sequences!.Push(context, ordinal, capture);
                break;
            case QueryShape.Join:
                joins!.Push(context, capture);
                break;
            default:
                samples!.Push(context, capture);
                break;
        }
    }

    /// <summary>
    /// Results held so far: an event query's matches, or with Endgame pipes the results the pipes hold (count and
    /// unique_count groups included) and their output; what memory grows with.
    /// </summary>
    public long HeldResults => pipeStream is null ? events.Count : pipeStream.HeldItems + pipeStream.OutputCount;

    /// <summary>Entries the lineage tests (child of, descendant of, event of) hold for the process tree now.</summary>
    public long LineageHeldEntries
    {
        get
        {
            long held = 0;
            foreach (var step in query.LineageSteps)
            {
                held += step.HeldEntries;
            }
            return held;
        }
    }

    /// <summary>Estimated bytes the Endgame pipes hold now (0 without pipes), counted against <see cref="RunOptions.PipeMemoryBytes"/>.</summary>
    public long PipeHeldBytes => pipeStream?.HeldBytes ?? 0;

    // Hands completed sequences (in ES's order: no later event can complete one before them) or joins to the pipes.
    private void OfferCompleted()
    {
        if (sequences is not null && sequences.HandsOverCompleted)
        {
            sequences.TakeCompleted(completedBuffer);
        }
        foreach (var result in completedBuffer)
        {
            pipeStream!.Offer(new PipeRecord(result.Events, result.JoinKeys));
        }
        completedBuffer.Clear();
    }

    /// <summary>Follow mode: sequences decided since the last call (<see cref="SequenceMatcher.TakeDecided"/>); none for other shapes.</summary>
    internal IReadOnlyList<SequenceResult> TakeDecidedSequences(bool settleAll) => sequences?.TakeDecided(settleAll) ?? [];

    /// <summary>Ends the run: applies pipes and size and returns the result.</summary>
    public QueryResult Finish()
    {
        var statistics = new QueryStatistics(seen, withoutTimestamp, sequences?.PeakInFlightCount ?? samples?.KeyCount ?? 0, sequences?.EvictedCount ?? 0);
        if (query.Pipeline is { } pipeline)
        {
            return Piped(pipeline, statistics);
        }
        if (query.Shape == QueryShape.Event)
        {
            return new QueryResult(Limit(events), [], false, statistics);
        }
        var found = sequences?.Finish() ?? joins?.Finish() ?? samples!.Finish();
        return new QueryResult([], Limit(found), true, statistics);
    }

    // Endgame pipes run on the results; count's aggregates come out as events, a sequence's pipes keep sequences.
    private QueryResult Piped(EndgamePipeline pipeline, QueryStatistics statistics)
    {
        // Whatever the matcher still holds (a sample's results, sequences awaiting missing-event checks) goes last.
        if (query.Shape != QueryShape.Event && !pipeStream!.Exhausted)
        {
            foreach (var result in sequences?.Finish() ?? joins?.Finish() ?? samples!.Finish())
            {
                pipeStream.Offer(new PipeRecord(result.Events, result.JoinKeys));
            }
        }
        var output = pipeStream!.Finish();
        var aggregated = pipeline.Pipes.Any(p => p.Kind == Syntax.PipeKind.Count);
        IReadOnlyList<MatchedEvent> outEvents = [];
        IReadOnlyList<SequenceResult> outSequences = [];
        if (query.Shape == QueryShape.Event || aggregated)
        {
            outEvents = output.Select(r => r.Events[0]!).ToList();
        }
        else
        {
            outSequences = output.Select(r => new SequenceResult(r.JoinKeys, r.Events)).ToList();
        }
        if (options.Size is { } size)
        {
            outEvents = Take(outEvents, size, fromTail: false);
            outSequences = Take(outSequences, size, fromTail: false);
        }
        var isSequence = !(query.Shape == QueryShape.Event || aggregated);
        return new QueryResult(outEvents, outSequences, isSequence, statistics);
    }

    private IReadOnlyList<T> Limit<T>(IReadOnlyList<T> items)
    {
        IReadOnlyList<T> current = items;
        foreach (var limit in query.Limits)
        {
            current = Take(current, limit.Count, limit.FromTail);
        }
        if (options.Size is { } size)
        {
            current = Take(current, size, fromTail: query.Limits.Count > 0 && query.Limits[^1].FromTail);
        }
        return current;
    }

    private static IReadOnlyList<T> Take<T>(IReadOnlyList<T> items, int count, bool fromTail)
    {
        if (items.Count <= count)
        {
            return items;
        }
        var list = new List<T>(count);
        var start = fromTail ? items.Count - count : 0;
        for (var i = start; i < start + count; i++)
        {
            list.Add(items[i]);
        }
        return list;
    }
}
