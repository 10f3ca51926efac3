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
/// One rule inside a streaming hunt: index and literal checks, exceptions and hunt range, then the query's
/// <see cref="StreamingQuery"/> (time order through a bounded reorder buffer, matches collected). Only matches keep
/// event bytes. A rule type built on a query (threshold, new_terms, threat_match) folds each match into its
/// <see cref="RuleTypes.IRuleTypeAccumulator"/> as it is found, so not even matches are kept.
/// </summary>
internal sealed class RuleStream
{
    private readonly StreamingQuery stream;
    private readonly ExceptionMatcher exceptions;
    private readonly bool needsTimes;
    private readonly TimeWindow huntWindow;
    private readonly Dictionary<string, bool> indexDecisions = new(StringComparer.Ordinal);
    private readonly StreamingStats shared;
    private readonly List<string> problems;
    private long elapsedTicks;
    private HashSet<string>? decided;
    private readonly RuleTypes.IRuleTypeAccumulator? accumulator;
    private readonly Func<MatchedEvent, ScanEvent>? identify;
    private readonly List<MatchedEvent> found = [];

    public RuleStream(PreparedRule prepared, CompiledQuery query, ScanOptions options, ReorderOptions reorder,
        StreamingStats shared, List<string> problems, StateBudget? budget = null,
        RuleTypes.IRuleTypeAccumulator? accumulator = null, Func<MatchedEvent, ScanEvent>? identify = null)
    {
        Prepared = prepared;
        this.shared = shared;
        this.problems = problems;
        var rule = prepared.Rule;
        Stats = new RuleRunStats { RuleId = rule.RuleId, RuleName = rule.Name };
        stream = new StreamingQuery(query, budget is null ? RunOptions.Default : new RunOptions { StateBudget = budget }, reorder);

        var huntStart = AlertTime.TruncateToMilliseconds(options.Now ?? DateTimeOffset.UtcNow);
        exceptions = RuleExceptions.Build(rule, options, huntStart, Messages.Add);
        // A rule type reads the hunt range itself (new_terms' history lies before it).
        needsTimes = accumulator is null && (options.HuntFrom is not null || options.HuntTo is not null);
        if (accumulator is not null)
        {
            if (!stream.HandsOverEventMatches || identify is null)
            {
                throw new ArgumentException($"rule {rule.RuleId}: a rule type's query must be a plain event query", nameof(accumulator));
            }
            this.accumulator = accumulator;
            this.identify = identify;
        }
        huntWindow = new TimeWindow(options.HuntFrom ?? DateTimeOffset.MinValue, options.HuntTo ?? DateTimeOffset.MaxValue);
    }

    public PreparedRule Prepared { get; }

    /// <summary>Rules whose prefilters are identical share one decision per line (index into the line's decisions).</summary>
    public int PrefilterGroup { get; init; }

    public RuleRunStats Stats { get; }

    /// <summary>Messages Kibana would log before the rule's execution (exception lists not loaded or not applied).</summary>
    public List<RuleMessage> Messages { get; } = [];

    public int Buffered => stream.Buffered;

    /// <summary>Whether the rule's matches go to a rule type (<see cref="FinishRuleType"/> instead of <see cref="Finish"/>).</summary>
    public bool IsRuleType => accumulator is not null;

    /// <summary>Offers one record (its index already resolved); <paramref name="arrival"/> is its input order.</summary>
    /// <param name="copy">The record's bytes once copied (shared by the rules that keep it).</param>
    /// <param name="decisions">This line's prefilter decisions by group: 0 not yet asked, 1 may match, -1 cannot.</param>
    /// <param name="known">
    /// The event's place in time order when a query set already found it relevant to this rule and read it (then the
    /// rule neither parses nor evaluates the event to order it).
    /// </param>
    /// <param name="cannotOpen">With <paramref name="known"/>: the worker found the record cannot start this sequence rule's sequences.</param>
    public void Offer(string index, ReadOnlySpan<byte> source, string origin, long line, long arrival, ref byte[]? copy, Span<sbyte> decisions,
        EventOrdinal? known = null, bool cannotOpen = false)
    {
        if (!indexDecisions.TryGetValue(index, out var searched))
        {
            searched = Prepared.Indices.IsEmpty || Prepared.Indices.Matches(index);
            indexDecisions[index] = searched;
        }
        if (!searched || accumulator is { WantsMatches: false })
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
                parsed = Vigil.Events.Projection.StrictJson.Parse(source);
            }
            catch (JsonException e)
            {
                problems.Add($"{origin}:{line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
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
        var late = stream.LateEvents;
        var forced = stream.ForcedReleases;
        if (known is { } ordinal)
        {
            stream.OfferRelevant(source, ordinal, origin, line, ref copy, cannotOpen);
        }
        else if (!stream.Offer(source, arrival, origin, line, ref copy, out var problem) && problem is not null)
        {
            problems.Add($"{origin}:{line}: {problem.Reason}");
        }
        shared.LateEvents += stream.LateEvents - late;
        shared.ForcedReleases += stream.ForcedReleases - forced;
        if (accumulator is not null)
        {
            Fold();
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
    }

    // The rule type's matches so far go to its accumulator: parsed once, given their range time and identity.
    private void Fold()
    {
        stream.TakeEventMatches(found);
        foreach (var matched in found)
        {
            var ev = accumulator!.KeepsEvents ? identify!(matched) : new ScanEvent("", "", matched.Source, matched.Origin, matched.Line);
            if (RuleTypes.MatchedEvents.Timed(ev, Prepared.Rule, problems) is { } timed)
            {
                accumulator.Add(timed, matched.Ordinal);
            }
        }
        found.Clear();
    }

    /// <summary>Ends a rule type's stream: its one search's result (the hunt's execution).</summary>
    public RuleTypes.WindowResult FinishRuleType()
    {
        var started = Stopwatch.GetTimestamp();
        stream.Finish();
        var result = accumulator!.Finish();
        elapsedTicks += Stopwatch.GetTimestamp() - started;
        Stats.Elapsed = Stopwatch.GetElapsedTime(0, elapsedTicks);
        return result;
    }

    /// <summary>
    /// Follow mode: the matches decided since the last call (<see cref="StreamingQuery.TakeDecided"/>); each is
    /// remembered so <see cref="Finish"/> does not give it again.
    /// </summary>
    public IReadOnlyList<RuleMatch> TakeDecided(Func<MatchedEvent, ScanEvent> identify, bool settleAll)
    {
        if (!stream.CanDecideEarly || accumulator is not null)
        {
            return [];
        }
        var started = Stopwatch.GetTimestamp();
        var result = stream.TakeDecided(settleAll);
        if (result.Events.Count == 0 && result.Sequences.Count == 0)
        {
            elapsedTicks += Stopwatch.GetTimestamp() - started;
            return [];
        }
        var matches = QueryMatches.From(result, identify);
        foreach (var match in matches)
        {
            (decided ??= new HashSet<string>(StringComparer.Ordinal)).Add(MatchKey(match));
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
        return matches;
    }

    /// <summary>Follow mode, input idle: the events waiting for time order go to the matcher now.</summary>
    public void Flush() => stream.Flush();

    // Where a match's events were read: the same events in the same order are the same match.
    private static string MatchKey(RuleMatch match) =>
        string.Join('\n', match.Events.Select(static e => e.Origin + ":" + e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Ends the stream: releases what waits and returns the matches in Elasticsearch's order (follow mode: those not given yet).</summary>
    public IReadOnlyList<RuleMatch> Finish(Func<MatchedEvent, ScanEvent> identify)
    {
        var started = Stopwatch.GetTimestamp();
        var result = stream.Finish();
        if (result.Statistics.EvictedSequences > 0)
        {
            // Elasticsearch would have stopped the query at its circuit breaker; here the rule goes on, but says what
            // it may have missed.
            Messages.Add(new RuleMessage(Prepared.Rule.RuleId, Prepared.Rule.Name, null, false,
                $"{result.Statistics.EvictedSequences} open sequence(s) evicted to stay within the rule-state budget; alerts they would have completed are missing (raise the budget, shorten maxspan, or split the input by host)"));
        }
        var matches = QueryMatches.From(result, identify);
        if (decided is not null)
        {
            matches.RemoveAll(m => decided.Contains(MatchKey(m)));
        }
        elapsedTicks += Stopwatch.GetTimestamp() - started;
        Stats.Elapsed = Stopwatch.GetElapsedTime(0, elapsedTicks);
        return matches;
    }
}
