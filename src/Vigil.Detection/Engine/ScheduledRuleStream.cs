using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Exceptions;
using Vigil.Detection.Schedule;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.Engine;

/// <summary>
/// One rule on Kibana's schedule over a stream of events, with the alerts of <see cref="DetectionEngine.Run"/>'s
/// collect-all schedule. Executions are planned by <see cref="ScheduleEmulator"/> as events reveal the time span;
/// each execution window is a streaming query that receives the rule's events whose range time it contains (with
/// 5m/now-9m an event belongs to at most two). A window is searched once event time, less the reorder window, has
/// passed its end and every earlier window is done; its matches go through <see cref="RuleExecutionWriter"/>. Memory
/// is the open windows' state, not the input.
/// A rule type built on a query (threshold, new_terms, threat_match) runs the same schedule with its
/// <see cref="RuleTypes.IScheduledRuleTypeRun"/>: each event is matched once by the type's query, and the match is
/// handed to the run with the open windows that contain it; a window's search is the run's.
/// </summary>
/// <remarks>
/// The first execution is the earliest event time (<see cref="ScanOptions.Start"/> when given) among the events
/// seen before event time moves a reorder window past the first one: an event even earlier that arrives after that
/// does not move the schedule (the collect-all engine would start there), and an event arriving after its window was
/// searched is counted late and only reaches the windows still open.
/// </remarks>
internal sealed class ScheduledRuleStream
{
    private readonly ScanOptions options;
    private readonly CompiledQuery query;
    private readonly ReorderOptions reorder;
    private readonly long reorderTicks;
    private readonly LineRangeTimes times;
    private readonly int timeSlot;
    private readonly ExceptionMatcher exceptions;
    private readonly QueryRunner probe;
    private readonly RuleExecutionWriter writer;
    private readonly Dictionary<string, bool> indexDecisions = new(StringComparer.Ordinal);
    private readonly List<string> problems;
    private readonly Func<MatchedEvent, ScanEvent> identify;
    private readonly List<Pending> pending = [];
    private readonly Queue<OpenExecution> open = new();
    private readonly RuleTypes.IScheduledRuleTypeRun? ruleType;
    private readonly List<RuleTypes.IRuleTypeWindow> holding = [];
    private DateTimeOffset? start;
    private DateTimeOffset? earliest;
    private DateTimeOffset? latest;
    private int planned;
    private DateTimeOffset? previousStart;
    private RuleExecution? next;
    private bool exhausted;
    private DateTimeOffset closedThrough = DateTimeOffset.MinValue;
    private long elapsedTicks;

    public ScheduledRuleStream(PreparedRule prepared, CompiledQuery query, ScanOptions options, ReorderOptions reorder,
        Action<AlertDocument> alerts, List<string> problems, Func<MatchedEvent, ScanEvent> identify,
        RuleTypes.IScheduledRuleTypeRun? ruleType = null, LineRangeTimes? times = null)
    {
        this.ruleType = ruleType;
        Prepared = prepared;
        this.options = options;
        this.query = query;
        this.reorder = reorder;
        this.problems = problems;
        this.identify = identify;
        reorderTicks = reorder.Window.Ticks;
        var rule = prepared.Rule;
        Stats = new RuleRunStats { RuleId = rule.RuleId, RuleName = rule.Name };
        // A session shares one reader per pair of timestamp fields over all its rules (see LineRangeTimes).
        this.times = times ?? new LineRangeTimes();
        timeSlot = this.times.SlotOf(rule);
        probe = new QueryRunner(query, RunOptions.Default);
        var huntStart = AlertTime.TruncateToMilliseconds(options.Now ?? DateTimeOffset.UtcNow);
        exceptions = RuleExceptions.Build(rule, options, options.Start ?? huntStart, Messages.Add);
        writer = new RuleExecutionWriter(rule, options, Stats, alerts, Messages.Add);
        if (options.ExecutionTimes is not null || options.Start is not null)
        {
            start = options.Start ?? DateTimeOffset.MinValue;
        }
    }

    public PreparedRule Prepared { get; }

    public RuleRunStats Stats { get; }

    /// <summary>Messages in Kibana's order: before the executions, then per execution as it is written.</summary>
    public List<RuleMessage> Messages { get; } = [];

    /// <summary>Events that arrived after a window that contains them was searched.</summary>
    public long LateEvents { get; private set; }

    /// <summary>Execution windows open now (each holds a streaming query's state).</summary>
    public int OpenWindows { get; private set; }

    public int PeakOpenWindows { get; private set; }

    /// <summary>A rule type's state now (<see cref="RuleTypes.IScheduledRuleTypeRun.Held"/>); 0 for a query rule.</summary>
    public long Held => ruleType?.Held ?? 0;

    /// <summary>Offers one record (index resolved); <paramref name="arrival"/> is its input order.</summary>
    /// <param name="relevant">Whether the rule's query can match the record (a shared query set said so), null when unknown.</param>
    public void Offer(string index, ReadOnlySpan<byte> source, string origin, long line, long arrival, ref byte[]? copy, bool? relevant = null)
    {
        if (!indexDecisions.TryGetValue(index, out var searched))
        {
            searched = Prepared.Indices.IsEmpty || Prepared.Indices.Matches(index);
            indexDecisions[index] = searched;
        }
        if (!searched)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        Stats.EventsInIndex++;
        DateTimeOffset? time;
        if (exceptions.Count > 0)
        {
            JsonNode? parsed;
            try
            {
                parsed = Vigil.Events.Projection.StrictJson.Parse(source);
            }
            catch (JsonException e)
            {
                problems.Add($"{origin}:{line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
                elapsedTicks += Stopwatch.GetTimestamp() - started;
                return;
            }
            if (exceptions.IsExcepted(parsed))
            {
                Stats.EventsExcepted++;
                elapsedTicks += Stopwatch.GetTimestamp() - started;
                return;
            }
            time = DetectionEngine.RangeTime(parsed, Prepared.Rule);
        }
        else if (!times.TryRead(timeSlot, source, out time, out var error))
        {
            problems.Add($"{origin}:{line}: {error}");
            elapsedTicks += Stopwatch.GetTimestamp() - started;
            return;
        }
        if (time is not { } t)
        {
            elapsedTicks += Stopwatch.GetTimestamp() - started;
            return;
        }
        earliest = earliest is { } e0 && e0 <= t ? e0 : t;
        latest = latest is { } l0 && l0 >= t ? l0 : t;
        // Only events that can match a stage are kept; the others only tell the schedule how far time has gone.
        var candidate = relevant ?? Prepared.Prefilter.MayMatch(source);
        if (start is null)
        {
            pending.Add(new Pending(t, candidate ? copy ??= source.ToArray() : null, origin, line, arrival));
            if ((latest.Value - earliest.Value).Ticks > reorderTicks || pending.Count > reorder.MaxEvents)
            {
                FixStart();
            }
        }
        else
        {
            Advance();
            if (candidate)
            {
                Route(t, source, origin, line, arrival, ref copy);
            }
            CloseReady(final: false);
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>
    /// Live input: the clock says event time has reached <paramref name="now"/> even if no event says so, so the
    /// executions up to it run and the windows that ended a reorder window before it are searched and written.
    /// </summary>
    public void AdvanceClock(DateTimeOffset now)
    {
        var started = Stopwatch.GetTimestamp();
        if (start is null && earliest is not null)
        {
            FixStart();
        }
        if (start is not null)
        {
            latest = latest is { } l && l >= now ? l : now;
            Advance();
            CloseReady(final: false);
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>Ends the input: every remaining execution of the schedule is planned and written in order.</summary>
    public void Finish()
    {
        var started = Stopwatch.GetTimestamp();
        if (start is null)
        {
            FixStart();
        }
        Advance(final: true);
        CloseReady(final: true);
        elapsedTicks += Stopwatch.GetTimestamp() - started;
        Stats.Elapsed = Stopwatch.GetElapsedTime(0, elapsedTicks);
    }

    private void FixStart()
    {
        if (earliest is null)
        {
            // No event with a time: no execution (as DefaultStarts).
            start = DateTimeOffset.MinValue;
            exhausted = true;
            pending.Clear();
            return;
        }
        start = earliest;
        Advance();
        foreach (var p in pending)
        {
            if (p.Json is { } json)
            {
                byte[]? copy = json;
                Route(p.Time, json, p.Origin, p.Line, p.Arrival, ref copy);
            }
        }
        pending.Clear();
        CloseReady(final: false);
    }

    // Plans executions while their windows can hold events seen so far (their earliest window starts at or before
    // the latest event time); at the end, every execution the collect-all schedule would run.
    private void Advance(bool final = false)
    {
        while (!exhausted)
        {
            if (next is null)
            {
                if (NextStart() is not { } at)
                {
                    exhausted = true;
                    return;
                }
                next = ScheduleEmulator.PlanOne(at, previousStart, Prepared.Rule.From, Prepared.Rule.To, Prepared.Rule.Interval);
            }
            if (!final && !(latest is { } l && next.Windows[0].From <= l))
            {
                return;
            }
            if (final && !Confirmed(next.StartedAt))
            {
                exhausted = true;
                return;
            }
            var execution = new OpenExecution(next);
            foreach (var window in next.Windows)
            {
                execution.Windows.Add(ruleType is null
                    ? new OpenWindow(window, new StreamingQuery(query, RunOptions.Default, reorder), null)
                    : new OpenWindow(window, null, ruleType.Open(window)));
            }
            OpenWindows += next.Windows.Count;
            PeakOpenWindows = Math.Max(PeakOpenWindows, OpenWindows);
            open.Enqueue(execution);
            previousStart = next.StartedAt;
            planned++;
            next = null;
        }
    }

    private DateTimeOffset? NextStart()
    {
        if (options.ExecutionTimes is { } fixedTimes)
        {
            return planned < fixedTimes.Count ? fixedTimes[planned] : null;
        }
        var interval = Prepared.Rule.Interval.Milliseconds;
        if (interval <= 0 || start is not { } s)
        {
            return null;
        }
        var at = s.AddMilliseconds(interval * (double)planned);
        if (options.End is { } end && at > end)
        {
            return null;
        }
        return at;
    }

    // Whether the collect-all schedule runs an execution starting at `at`: up to the first start at or after the
    // latest event (DefaultStarts), or up to --end, or every given time.
    private bool Confirmed(DateTimeOffset at)
    {
        if (options.ExecutionTimes is not null || options.End is not null)
        {
            return true;
        }
        var s = start!.Value;
        var end = latest is { } l && l >= s ? l.AddMilliseconds(Prepared.Rule.Interval.Milliseconds - 1) : s;
        return at <= end;
    }

    private void Route(DateTimeOffset t, ReadOnlySpan<byte> source, string origin, long line, long arrival, ref byte[]? copy)
    {
        if (t <= closedThrough)
        {
            LateEvents++;
        }
        if (ruleType is not null)
        {
            RouteMatch(t, source, origin, line, arrival, ref copy);
            return;
        }
        var loaded = false;
        EventOrdinal ordinal = default;
        foreach (var execution in open)
        {
            foreach (var window in execution.Windows)
            {
                if (window.Searched || !window.Range.Contains(t))
                {
                    continue;
                }
                if (!loaded)
                {
                    // One parse and one relevance check per event, whatever the number of windows it falls in.
                    if (!probe.TryOrder(source, arrival, origin, line, out ordinal, out var problem))
                    {
                        if (problem is not null)
                        {
                            problems.Add($"{origin}:{line}: {problem.Reason}");
                        }
                        return;
                    }
                    if (!probe.IsRelevantLoaded())
                    {
                        return;
                    }
                    loaded = true;
                }
                window.Query!.OfferRelevant(source, ordinal, origin, line, ref copy);
            }
        }
    }

    // A rule type: the event is matched once by the type's query, and the match goes to its run with every open
    // window that contains it.
    private void RouteMatch(DateTimeOffset t, ReadOnlySpan<byte> source, string origin, long line, long arrival, ref byte[]? copy)
    {
        var run = ruleType!;
        if (!run.WantsMatches)
        {
            return;
        }
        holding.Clear();
        foreach (var execution in open)
        {
            foreach (var window in execution.Windows)
            {
                if (!window.Searched && window.Range.Contains(t))
                {
                    holding.Add(window.RuleType!);
                }
            }
        }
        if (holding.Count == 0 && !run.WantsMatchesOutsideWindows)
        {
            return;
        }
        if (!probe.TryOrder(source, arrival, origin, line, out var ordinal, out var problem))
        {
            if (problem is not null)
            {
                problems.Add($"{origin}:{line}: {problem.Reason}");
            }
            return;
        }
        if (!probe.IsRelevantLoaded())
        {
            return;
        }
        copy ??= source.ToArray();
        var ev = run.KeepsEvents ? identify(new MatchedEvent(copy, ordinal, origin, line)) : new ScanEvent("", "", copy, origin, line);
        if (RuleTypes.MatchedEvents.Timed(ev, Prepared.Rule, problems) is { } timed)
        {
            run.Add(timed, ordinal, holding);
        }
    }

    // Searches windows in plan order once event time (less the reorder window) is past their end.
    private void CloseReady(bool final)
    {
        while (open.TryPeek(out var execution))
        {
            if (final && !Confirmed(execution.Planned.StartedAt))
            {
                // Opened because its windows reach back over seen events, but the schedule ends before it starts.
                open.Dequeue();
                foreach (var window in execution.Windows)
                {
                    OpenWindows -= window.Searched ? 0 : 1;
                }
                continue;
            }
            for (; execution.Next < execution.Windows.Count; execution.Next++)
            {
                var window = execution.Windows[execution.Next];
                if (!final && !(latest is { } l && l.Ticks - reorderTicks > window.Range.To.Ticks && Confirmed(execution.Planned.StartedAt)))
                {
                    return;
                }
                execution.Begun ??= writer.Begin(execution.Planned);
                window.Searched = true;
                OpenWindows--;
                if (window.Range.To > closedThrough)
                {
                    closedThrough = window.Range.To;
                }
                if (ruleType is not null)
                {
                    var result = ruleType.Search(window.RuleType!, execution.Planned);
                    window.RuleType = null;
                    writer.WriteAggregated(execution.Begun, window.Range, result);
                    continue;
                }
                var matches = QueryMatches.From(window.Query!.Finish(), identify);
                window.Query = null;
                writer.WriteWindow(execution.Begun, window.Range, matches);
            }
            execution.Begun ??= writer.Begin(execution.Planned);
            writer.End(execution.Begun);
            open.Dequeue();
        }
    }

    private readonly record struct Pending(DateTimeOffset Time, byte[]? Json, string Origin, long Line, long Arrival);

    private sealed class OpenExecution(RuleExecution planned)
    {
        public RuleExecution Planned { get; } = planned;
        public List<OpenWindow> Windows { get; } = [];
        public int Next { get; set; }
        public RuleExecutionWriter.Execution? Begun { get; set; }
    }

    /// <summary>One window of a planned execution: a streaming query's state (query rule) or a rule type's.</summary>
    private sealed class OpenWindow(TimeWindow range, StreamingQuery? query, RuleTypes.IRuleTypeWindow? ruleType)
    {
        public TimeWindow Range { get; } = range;
        public StreamingQuery? Query { get; set; } = query;
        public RuleTypes.IRuleTypeWindow? RuleType { get; set; } = ruleType;
        public bool Searched { get; set; }
    }
}
