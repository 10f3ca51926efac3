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
/// One rule inside a streaming hunt: index and literal checks, exceptions and hunt range, a bounded reorder buffer
/// (a min-heap on Elasticsearch's order) and the query's streaming runner. Only matches keep event bytes.
/// </summary>
internal sealed class RuleStream
{
    private static readonly IComparer<EventOrdinal> OrdinalOrder = Comparer<EventOrdinal>.Create(static (a, b) => a.CompareTo(b));

    private readonly QueryRunner runner;
    // Event queries without head/tail pipes: matches are kept with their place in time order and sorted at the end,
    // so their events need neither a reorder buffer nor a second parse, and none is ever late.
    private readonly bool collectsEventMatches;
    private readonly List<MatchedEvent> eventMatches = [];
    private readonly bool reorders;
    private readonly long windowNanos;
    private readonly int maxBuffered;
    private readonly ExceptionMatcher exceptions;
    private readonly bool needsTimes;
    private readonly TimeWindow huntWindow;
    private readonly Dictionary<string, bool> indexDecisions = new(StringComparer.Ordinal);
    private readonly PriorityQueue<PendingEvent, EventOrdinal> buffer = new(OrdinalOrder);
    private readonly StreamingStats shared;
    private readonly List<string> problems;
    private bool released;
    private EventOrdinal lastReleased;
    private long newestTimestamp = long.MinValue;
    private long elapsedTicks;

    public RuleStream(PreparedRule prepared, CompiledQuery query, ScanOptions options, ReorderOptions reorder,
        StreamingStats shared, List<string> problems)
    {
        Prepared = prepared;
        this.shared = shared;
        this.problems = problems;
        var rule = prepared.Rule;
        Stats = new RuleRunStats { RuleId = rule.RuleId, RuleName = rule.Name };
        runner = new QueryRunner(query);
        // Samples keep input order (as QueryRunner.Run does); events and sequences go in time order.
        reorders = query.Shape != QueryShape.Sample;
        collectsEventMatches = query.Shape == QueryShape.Event && query.Limits.Count == 0;
        windowNanos = (long)(reorder.Window.TotalMilliseconds * 1_000_000);
        maxBuffered = Math.Max(1, reorder.MaxEvents);

        var items = new List<ExceptionItem>(options.SharedExceptions);
        foreach (var reference in rule.ExceptionsList)
        {
            if (options.ExceptionLists is { } lists && lists.HasList(reference.ListId))
            {
                items.AddRange(lists.ItemsOf(reference.ListId));
            }
            else
            {
                Messages.Add(new RuleMessage(rule.RuleId, rule.Name, null, false,
                    $"exception list \"{reference.ListId}\" was not loaded (give its export with --exceptions); its items are not applied"));
            }
        }
        var huntStart = AlertTime.TruncateToMilliseconds(options.Now ?? DateTimeOffset.UtcNow);
        exceptions = new ExceptionMatcher(items, huntStart);
        if (exceptions.UnappliedWarning is { } unapplied)
        {
            Messages.Add(new RuleMessage(rule.RuleId, rule.Name, null, false, unapplied));
        }
        needsTimes = options.HuntFrom is not null || options.HuntTo is not null;
        huntWindow = new TimeWindow(options.HuntFrom ?? DateTimeOffset.MinValue, options.HuntTo ?? DateTimeOffset.MaxValue);
    }

    public PreparedRule Prepared { get; }

    /// <summary>Rules whose prefilters are identical share one decision per line (index into the line's decisions).</summary>
    public int PrefilterGroup { get; init; }

    public RuleRunStats Stats { get; }

    /// <summary>Messages Kibana would log before the rule's execution (exception lists not loaded or not applied).</summary>
    public List<RuleMessage> Messages { get; } = [];

    public int Buffered => buffer.Count;

    /// <summary>Offers one record (its index already resolved); <paramref name="arrival"/> is its input order.</summary>
    /// <param name="copy">The record's bytes once copied (shared by the rules that keep it).</param>
    /// <param name="decisions">This line's prefilter decisions by group: 0 not yet asked, 1 may match, -1 cannot.</param>
    public void Offer(string index, ReadOnlySpan<byte> source, string origin, long line, long arrival, ref byte[]? copy, Span<sbyte> decisions)
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
        ref var decision = ref decisions[PrefilterGroup];
        if (decision == 0)
        {
            decision = Prepared.Prefilter.MayMatch(source) ? (sbyte)1 : (sbyte)-1;
        }
        if (decision < 0)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        Stats.EventsInIndex++;
        if (exceptions.Count > 0 || needsTimes)
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(source);
            }
            catch (JsonException e)
            {
                problems.Add($"{origin}:{line}: {e.Message}");
                elapsedTicks += Stopwatch.GetTimestamp() - started;
                return;
            }
            if (exceptions.Count > 0 && exceptions.IsExcepted(parsed))
            {
                Stats.EventsExcepted++;
                elapsedTicks += Stopwatch.GetTimestamp() - started;
                return;
            }
            if (needsTimes && !(DetectionEngine.RangeTime(parsed, Prepared.Rule) is { } t && huntWindow.Contains(t)))
            {
                elapsedTicks += Stopwatch.GetTimestamp() - started;
                return;
            }
        }
        if (!runner.TryOrder(source, arrival, origin, line, out var ordinal, out var problem))
        {
            if (problem is not null)
            {
                problems.Add($"{origin}:{line}: {problem.Reason}");
            }
        }
        else if (!runner.IsRelevantLoaded())
        {
            // Matches no stage: cannot change the result.
        }
        else if (collectsEventMatches)
        {
            eventMatches.Add(new MatchedEvent(copy ??= source.ToArray(), ordinal, origin, line));
        }
        else if (!reorders)
        {
            runner.PushOrdered(source, ordinal, origin, line);
        }
        else if (released && ordinal < lastReleased)
        {
            // Behind an event the matcher already saw: still evaluated (best effort), and reported.
            shared.LateEvents++;
            runner.PushOrdered(source, ordinal, origin, line);
        }
        else
        {
            buffer.Enqueue(new PendingEvent(copy ??= source.ToArray(), origin, line), ordinal);
            newestTimestamp = Math.Max(newestTimestamp, ordinal.Timestamp);
            Release();
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
    }

    private void Release()
    {
        while (buffer.TryPeek(out _, out var oldest))
        {
            var full = buffer.Count > maxBuffered;
            if (!full && oldest.Timestamp >= newestTimestamp - windowNanos)
            {
                return;
            }
            if (full)
            {
                shared.ForcedReleases++;
            }
            ReleaseOldest();
        }
    }

    private void ReleaseOldest()
    {
        buffer.TryDequeue(out var pending, out var ordinal);
        released = true;
        lastReleased = ordinal;
        runner.PushOrdered(pending.Json, ordinal, pending.Origin, pending.Line);
    }

    /// <summary>Ends the stream: releases what waits and returns the matches in Elasticsearch's order.</summary>
    public IReadOnlyList<RuleMatch> Finish(Func<MatchedEvent, ScanEvent> identify)
    {
        var started = Stopwatch.GetTimestamp();
        while (buffer.Count > 0)
        {
            ReleaseOldest();
        }
        var matches = new List<RuleMatch>();
        if (collectsEventMatches)
        {
            eventMatches.Sort(static (a, b) => a.Ordinal.CompareTo(b.Ordinal));
            foreach (var m in eventMatches)
            {
                matches.Add(new RuleMatch([identify(m)], false));
            }
            elapsedTicks += Stopwatch.GetTimestamp() - started;
            Stats.Elapsed = Stopwatch.GetElapsedTime(0, elapsedTicks);
            return matches;
        }
        var result = runner.Finish();
        if (!result.IsSequenceResult)
        {
            foreach (var m in result.Events)
            {
                matches.Add(new RuleMatch([identify(m)], false));
            }
        }
        else
        {
            foreach (var sequence in result.Sequences)
            {
                var list = new List<ScanEvent>(sequence.Events.Count);
                foreach (var m in sequence.Events)
                {
                    if (m is not null)
                    {
                        list.Add(identify(m));
                    }
                }
                matches.Add(new RuleMatch(list, true));
            }
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
        Stats.Elapsed = Stopwatch.GetElapsedTime(0, elapsedTicks);
        return matches;
    }

    private readonly record struct PendingEvent(byte[] Json, string Origin, long Line);
}
