using System.Text;
using Vigil.Eql.Compilation;
using Vigil.Eql.QuerySets;
using Vigil.Eql.Runtime;
using Vigil.Detection.Alerts;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Detection.Engine;

/// <summary>
/// Hunt mode without holding the input: readers push records here; a record no rule's literals can match is
/// skipped unparsed; the others get their index once and go to each rule whose index and literals they fit, through
/// that rule's reorder buffer into its streaming matcher. Memory is bounded by the reorder buffers, the matchers'
/// state (sequences: maxspan) and the matches themselves, not by the input's size. Rule types built on a query
/// (threshold, new_terms, threat_match), when allowed, run their query like any KQL rule and fold each match into the
/// type's groups at once, so they keep groups (buckets, terms, enriched matches), not events. Gives the same alerts, in the
/// same order, as <see cref="EventCollector"/> + <see cref="DetectionEngine.Run"/> whenever no event is late.
/// </summary>
public sealed class StreamingHunt : ITaggedRecordSink, ISkipObserver
{
    private readonly string? defaultIndex;
    private readonly ScanOptions options;
    private readonly List<RuleStream> rules = [];
    private readonly LinePrefilter union;
    private readonly QuerySet? querySet;
    private readonly List<string> problems = [];
    // Envelope identities (_index/_id from ES hits or _bulk) of candidate records, for the alerts' ids; records
    // without an envelope need nothing kept: their identity is derived again from their bytes.
    private readonly Dictionary<(string Origin, long Line, string Derived), (string Index, string Id)> envelopes = [];
    private readonly sbyte[] decisions;
    private readonly List<(LinePrefilter Prefilter, int[] Rules)> prefilterGroups = [];
    private int[] tagOrder = new int[16];
    // Per rule: the tagged line (counted by `line`) whose timestamp knownTimestamp holds.
    private readonly long[] knownLine;
    private readonly long[] knownTimestamp;
    private readonly bool[] knownCannotOpen;
    private long line;
    // Events waiting in all the rules' reorder buffers (they change only when a rule is offered an event).
    private long buffered;
    private long arrival;
    private readonly DetectionSessionOptions session;
    // The hunt's one execution (its start is the alerts' time), fixed once for every rule type's search.
    private readonly Schedule.RuleExecution huntExecution;
    // Follow mode: per rule, the writer of its single hunt execution (alerts as they are decided), and all alerts.
    private RuleExecutionWriter[]? followWriters;
    private RuleExecutionWriter.Execution?[]? followExecutions;
    private readonly List<AlertDocument> followAlerts = [];
    private readonly List<RuleMessage> followMessages = [];

    /// <summary>
    /// Whether every rule can stream through the public constructor (compiled EQL and KQL query rules; the rule types
    /// stream only through <see cref="DetectionSession"/>'s hunt, others need the collect-all path).
    /// </summary>
    public static bool CanStream(IReadOnlyList<PreparedRule> rules, ScanOptions options)
    {
        if (options.Schedule)
        {
            return false;
        }
        foreach (var rule in rules)
        {
            if (rule.Matcher is not EqlRuleMatcher)
            {
                return false;
            }
        }
        return true;
    }

    /// <param name="session">
    /// Optional: alerts handed out as decided (<see cref="DetectionSessionOptions.OnAlert"/>), follow mode (matches
    /// written as they complete), and an envelope resolver for inputs whose identity lives elsewhere.
    /// </param>
    public StreamingHunt(IReadOnlyList<PreparedRule> prepared, ScanOptions options, string? defaultIndex = null, ReorderOptions? reorder = null,
        DetectionSessionOptions? session = null)
        : this(prepared, options, defaultIndex, reorder, session, ruleTypes: false)
    {
    }

    /// <param name="ruleTypes">
    /// Whether rule types built on a query (threshold, new_terms, threat_match) may be among the rules: they stream
    /// as hunts of one execution, their query through the same prefilter and query set as the others and its matches
    /// folded into the type's groups (<see cref="RuleTypes.IAggregatingRuleMatcher.Accumulate"/>). Not with follow mode.
    /// </param>
    internal StreamingHunt(IReadOnlyList<PreparedRule> prepared, ScanOptions options, string? defaultIndex, ReorderOptions? reorder,
        DetectionSessionOptions? session, bool ruleTypes)
    {
        this.options = options;
        this.session = session ?? new DetectionSessionOptions();
        this.defaultIndex = defaultIndex;
        var requirements = new List<LineRequirement>();
        var unconstrained = false;
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var budget = new StateBudget(options.MaxStateBytes);
        huntExecution = RuleExecutionWriter.HuntExecution(options);
        var bounded = options.HuntFrom is not null || options.HuntTo is not null;
        foreach (var rule in prepared)
        {
            RuleTypes.IRuleTypeAccumulator? accumulator = null;
            EqlRuleMatcher eql;
            if (rule.Matcher is EqlRuleMatcher plain)
            {
                eql = plain;
            }
            else if (ruleTypes && !this.session.Follow && rule.Matcher is RuleTypes.IAggregatingRuleMatcher type)
            {
                eql = type.Query;
                accumulator = type.Accumulate(huntExecution, bounded, options, problems);
            }
            else
            {
                throw new ArgumentException($"rule {rule.Rule.RuleId} has no compiled EQL query; use DetectionEngine.Run", nameof(prepared));
            }
            // Describe() spells out every trigger and literal, so equal text means equal decisions.
            var description = rule.Prefilter.Describe();
            if (!groups.TryGetValue(description, out var group))
            {
                group = groups.Count;
                groups[description] = group;
            }
            rules.Add(new RuleStream(rule, eql.Query, options, reorder ?? ReorderOptions.Default, Stats, problems, budget, accumulator,
                accumulator is null ? null : Identify) { PrefilterGroup = group });
            unconstrained |= rule.Prefilter.PassesEverything;
            requirements.AddRange(rule.Prefilter.Requirements);
        }
        union = unconstrained ? LinePrefilter.PassThrough : LinePrefilter.Create(requirements);
        decisions = new sbyte[Math.Max(1, groups.Count)];
        knownLine = new long[rules.Count];
        knownTimestamp = new long[rules.Count];
        knownCannotOpen = new bool[rules.Count];
        var members = new List<int>[groups.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            (members[rules[i].PrefilterGroup] ??= []).Add(i);
        }
        foreach (var group in members)
        {
            prefilterGroups.Add((rules[group[0]].Prepared.Prefilter, group.ToArray()));
        }
        querySet = BuildQuerySet(prepared);
        if (this.session.Follow)
        {
            StartFollowing();
        }
    }

    public StreamingStats Stats { get; } = new();

    /// <summary>
    /// The envelope (<c>_index</c>, <c>_id</c>) of a record the reader delivered without one, by its origin and
    /// 1-based line: inputs whose envelopes are kept beside the sources (the service's event store). Used for the
    /// record's index (so index patterns apply) and for its identity in alerts; null or an empty index falls back to
    /// <c>data_stream</c> and the default index, a null or empty id to the id derived from the bytes.
    /// </summary>
    public Func<string, long, (string Index, string Id)?>? EnvelopeResolver { get; init; }

    /// <summary>
    /// The union of the rules' prefilters: give it to the reader (<see cref="ReaderOptions.Prefilter"/>) so lines no
    /// rule can match are dropped over whole buffers before they reach <see cref="Accept"/>.
    /// </summary>
    public LinePrefilter Prefilter => union;

    /// <summary>
    /// A filter for the reader's worker threads (<see cref="ReaderOptions.WorkerFilter"/>) that runs the rules' own
    /// literal checks there and tags each line with the rules that may match it; null when the rules share one
    /// prefilter (the union already is that check).
    /// </summary>
    public Func<IWorkerLineFilter>? WorkerFilter =>
        querySet is { } set ? () => new QuerySetLineFilter(set, set.CreateWorker(), new RulePrefilterLineFilter(prefilterGroups))
        : prefilterGroups.Count > 1 ? () => new RulePrefilterLineFilter(prefilterGroups) : null;

    // Every rule compiled again into one query set (one parse per line for all rules), when all can be.
    internal static QuerySet? BuildQuerySet(IReadOnlyList<PreparedRule> prepared)
    {
        var builder = new QuerySetBuilder();
        foreach (var rule in prepared)
        {
            if (rule.Statement is null && rule.CompileShared is { } compileShared)
            {
                builder.Add(compileShared, rule.Requirements);
                continue;
            }
            if (rule.Statement is not { } statement)
            {
                return null;
            }
            try
            {
                builder.Add(statement, rule.CompileOptions, rule.Requirements);
            }
            catch (EqlCompileException)
            {
                return null;
            }
        }
        return builder.Count > 0 ? builder.Build() : null;
    }

    /// <summary>A line the worker filter kept: offered to the tagged rules only, their literal checks already done.</summary>
    public void AcceptTagged(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<int> tags)
    {
        if (EventCollector.IsComment(source))
        {
            Comments++;
            return;
        }
        Stats.Records++;
        var order = arrival++;
        var resolved = EnvelopeIndex(origin) ?? EventIndex.Resolve([], source, defaultIndex);
        if (resolved is null)
        {
            WithoutIndex++;
            resolved = "";
        }
        // A query set's tags carry each rule's timestamp after the rule indices (QuerySetLineFilter).
        var ruleCount = tags.IndexOf(QuerySetLineFilter.OrdinalsFollow);
        var ruleTags = ruleCount < 0 ? tags : tags[..ruleCount];
        line++;
        if (ruleCount >= 0)
        {
            var stamps = tags[(ruleCount + 1)..];
            for (var i = 0; i < ruleCount; i++)
            {
                var flags = stamps[3 * i];
                if ((flags & QuerySetLineFilter.OrdinalKnown) != 0)
                {
                    knownLine[ruleTags[i]] = line;
                    knownCannotOpen[ruleTags[i]] = (flags & QuerySetLineFilter.CannotOpen) != 0;
                    knownTimestamp[ruleTags[i]] = ((long)stamps[3 * i + 1] << 32) | (uint)stamps[3 * i + 2];
                }
            }
        }
        if (tagOrder.Length < ruleTags.Length)
        {
            tagOrder = new int[ruleTags.Length * 2];
        }
        ruleTags.CopyTo(tagOrder);
        // Rules are offered in their order, as Accept offers them.
        Array.Sort(tagOrder, 0, ruleTags.Length);
        Array.Clear(decisions);
        foreach (var tag in tagOrder.AsSpan(0, ruleTags.Length))
        {
            decisions[rules[tag].PrefilterGroup] = 1;
        }
        byte[]? copy = null;
        foreach (var tag in tagOrder.AsSpan(0, ruleTags.Length))
        {
            EventOrdinal? known = knownLine[tag] == line ? new EventOrdinal(knownTimestamp[tag], KeyValue.Null, order) : null;
            var rule = rules[tag];
            var before = rule.Buffered;
            rule.Offer(resolved, source, origin.Source, origin.Line, order, ref copy, decisions, known,
                cannotOpen: known is not null && knownCannotOpen[tag]);
            buffered += rule.Buffered - before;
            if (followWriters is not null)
            {
                WriteDecided(tag, settleAll: false);
            }
        }
        Stats.PeakBuffered = Math.Max(Stats.PeakBuffered, buffered);
    }

    /// <summary>Records the reader dropped with <see cref="Prefilter"/>: counted as read and skipped.</summary>
    public void Skipped(long records, long bytesRead)
    {
        Stats.Records += records;
        Stats.SkippedByPrefilter += records;
    }

    public List<InputError> Errors { get; } = [];

    /// <summary>Candidate records whose index could not be named (no envelope, no data_stream, no --index).</summary>
    public long WithoutIndex { get; private set; }

    public long Comments { get; private set; }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        if (EventCollector.IsComment(source))
        {
            Comments++;
            return;
        }
        Stats.Records++;
        var order = arrival++;
        if (!union.MayMatch(source))
        {
            Stats.SkippedByPrefilter++;
            return;
        }
        var resolved = (index.IsEmpty ? EnvelopeIndex(origin) : null) ?? EventIndex.Resolve(index, source, defaultIndex);
        if (resolved is null)
        {
            WithoutIndex++;
            resolved = "";
        }
        if (!index.IsEmpty || !id.IsEmpty)
        {
            envelopes[(origin.Source, origin.Line, EventIdentity.Derive(source))] =
                (resolved, id.IsEmpty ? EventIdentity.Derive(source) : Encoding.UTF8.GetString(id));
        }
        byte[]? copy = null;
        Array.Clear(decisions);
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            var before = rule.Buffered;
            rule.Offer(resolved, source, origin.Source, origin.Line, order, ref copy, decisions);
            buffered += rule.Buffered - before;
            if (followWriters is not null)
            {
                WriteDecided(r, settleAll: false);
            }
        }
        Stats.PeakBuffered = Math.Max(Stats.PeakBuffered, buffered);
    }

    public void Reject(InputError error) => Errors.Add(error);

    /// <summary>
    /// Follow mode: from now on each rule's matches are written as soon as they are decided (a sequence when its last
    /// stage matches), one hunt execution per rule, without max_signals; call before the first event.
    /// </summary>
    private void StartFollowing()
    {
        followWriters = new RuleExecutionWriter[rules.Count];
        followExecutions = new RuleExecutionWriter.Execution?[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var prepared = rules[i].Prepared;
            followMessages.AddRange(rules[i].Messages);
            followWriters[i] = new RuleExecutionWriter(prepared.Rule, options with { HuntMaxSignals = false }, rules[i].Stats,
                alert =>
                {
                    followAlerts.Add(alert);
                    session.OnAlert?.Invoke(prepared, alert);
                }, followMessages.Add);
        }
    }

    private void WriteDecided(int rule, bool settleAll)
    {
        var matches = rules[rule].TakeDecided(Identify, settleAll);
        if (matches.Count > 0)
        {
            WriteFollowed(rule, matches);
        }
    }

    private void WriteFollowed(int rule, IReadOnlyList<RuleMatch> matches)
    {
        var execution = followExecutions![rule] ??= followWriters![rule].Begin(RuleExecutionWriter.HuntExecution(options));
        followWriters![rule].WriteDecided(execution, execution.Planned.Windows[0], matches);
    }

    /// <summary>
    /// Follow mode, input idle: events waiting for time order are released and what they complete is written;
    /// <paramref name="settleMissing"/> also decides sequences waiting on a trailing missing-event stage (a wall-clock
    /// timeout passed with no new event).
    /// </summary>
    public void Flush(bool settleMissing = false)
    {
        if (followWriters is null)
        {
            return;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            var before = rules[i].Buffered;
            rules[i].Flush();
            buffered += rules[i].Buffered - before;
            WriteDecided(i, settleMissing);
        }
    }

    /// <summary>Ends the input: every rule's matches become alerts, rule by rule, as <see cref="DetectionEngine.Run"/> writes them.</summary>
    public ScanResult Finish()
    {
        var result = new ScanResult();
        if (followWriters is not null)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                result.Stats.Add(rules[i].Stats);
                var rest = rules[i].Finish(Identify);
                if (rest.Count > 0)
                {
                    WriteFollowed(i, rest);
                }
            }
            result.Alerts.AddRange(followAlerts);
            result.Messages.AddRange(followMessages);
            result.EventProblems.AddRange(problems);
            return result;
        }
        foreach (var rule in rules)
        {
            result.Stats.Add(rule.Stats);
            // A rule that fails at the end must not cost the other rules' alerts: reported, and the next goes on.
            try
            {
                var first = result.Alerts.Count;
                if (rule.IsRuleType)
                {
                    WriteRuleType(rule, result);
                    EmitFrom(rule, result, first);
                    continue;
                }
                var matches = rule.Finish(Identify);
                DetectionEngine.WriteHuntMatches(rule.Prepared, matches, rule.Stats, options, result);
                if (session.OnAlert is { } onAlert)
                {
                    for (var a = first; a < result.Alerts.Count; a++)
                    {
                        onAlert(rule.Prepared, result.Alerts[a]);
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add($"rule '{rule.Prepared.Rule.Name}': internal error while finishing ({e.GetType().Name}: {e.Message}); the other rules' alerts are kept");
            }
            // After Finish: it adds the rule's state warnings (evictions).
            result.Messages.AddRange(rule.Messages);
        }
        result.EventProblems.AddRange(problems);
        return result;
    }

    // A rule type's one execution, written as the collect-all engine writes it: the rule's messages, then its search.
    private void WriteRuleType(RuleStream rule, ScanResult result)
    {
        result.Messages.AddRange(rule.Messages);
        var writer = new RuleExecutionWriter(rule.Prepared.Rule, options, rule.Stats, result.Alerts.Add, result.Messages.Add);
        var execution = writer.Begin(huntExecution);
        writer.WriteAggregated(execution, huntExecution.Windows[0], rule.FinishRuleType());
        writer.End(execution);
    }

    private void EmitFrom(RuleStream rule, ScanResult result, int first)
    {
        if (session.OnAlert is { } onAlert)
        {
            for (var a = first; a < result.Alerts.Count; a++)
            {
                onAlert(rule.Prepared, result.Alerts[a]);
            }
        }
    }

    private string? EnvelopeIndex(in RecordOrigin origin) =>
        EnvelopeResolver?.Invoke(origin.Source, origin.Line) is { Index.Length: > 0 } kept ? kept.Index : null;

    private ScanEvent Identify(MatchedEvent matched)
    {
        var source = matched.Source.Span;
        if (EnvelopeResolver?.Invoke(matched.Origin, matched.Line) is { } kept)
        {
            var keptIndex = kept.Index is { Length: > 0 } i ? i : EventIndex.Resolve([], source, defaultIndex) ?? "";
            var keptId = kept.Id is { Length: > 0 } k ? k : EventIdentity.Derive(source);
            return new ScanEvent(keptIndex, keptId, matched.Source, matched.Origin, matched.Line);
        }
        var derived = EventIdentity.Derive(source);
        if (envelopes.TryGetValue((matched.Origin, matched.Line, derived), out var envelope))
        {
            return new ScanEvent(envelope.Index, envelope.Id, matched.Source, matched.Origin, matched.Line);
        }
        if (session.EnvelopeResolver?.Invoke(matched.Origin, matched.Line) is { } resolved)
        {
            return new ScanEvent(resolved.Index, resolved.Id, matched.Source, matched.Origin, matched.Line);
        }
        var index = EventIndex.Resolve([], source, defaultIndex) ?? "";
        return new ScanEvent(index, derived, matched.Source, matched.Origin, matched.Line);
    }
}
