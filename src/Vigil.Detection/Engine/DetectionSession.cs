using System.Text;
using Vigil.Detection.Alerts;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;
using Vigil.Eql.Runtime;

namespace Vigil.Detection.Engine;

/// <summary>
/// The one detection API under <c>vigil scan</c>, <c>vigil serve</c> and the agent: prepared rules, exceptions
/// (in <see cref="ScanOptions"/>) and options in; events pushed in as an <see cref="IRecordSink"/> (by
/// <see cref="InputReader"/> or anyone); alerts out through <see cref="DetectionSessionOptions.OnAlert"/> as they are
/// decided, and everything (alerts in rule order, rule messages, event problems, per-rule counts) from
/// <see cref="Finish"/>. Hunts stream through <see cref="StreamingHunt"/>; the schedule streams too, one
/// <see cref="ScheduledRuleStream"/> per rule, its windows closed by event time. The rule types built on a query
/// (threshold, new_terms, threat_match) stream in a hunt as well (their matches folded into the type's groups); with
/// <c>--schedule</c> or in follow mode they fall back to the collect-all <see cref="DetectionEngine"/>.
/// </summary>
public sealed class DetectionSession : ITaggedRecordSink, ISkipObserver
{
    private readonly IReadOnlyList<PreparedRule> rules;
    private readonly ScanOptions options;
    private readonly DetectionSessionOptions session;
    private readonly StreamingHunt? hunt;
    private readonly List<ScheduledRuleStream>? scheduled;
    private readonly List<AlertDocument>[]? scheduledAlerts;
    private readonly EventCollector? collector;
    private readonly List<string> problems = [];
    private readonly Dictionary<(string Origin, long Line, string Derived), (string Index, string Id)> envelopes = [];
    private readonly List<InputError> errors = [];
    private long arrival;
    private long withoutIndex;
    private bool finished;

    public DetectionSession(IReadOnlyList<PreparedRule> rules, ScanOptions options, DetectionSessionOptions? session = null)
    {
        this.rules = rules;
        this.options = options;
        this.session = session ?? new DetectionSessionOptions();
        // Rules that aggregate (threshold, new_terms, threat_match) stream in a hunt too, their matches folded into
        // their groups; the schedule and follow mode still give them every event of their indices at once. They come
        // after the other rules, where the collect-all engine put their alerts.
        var streamRuleTypes = !options.Schedule && !this.session.Follow;
        collected = [.. rules.Where(r => r.Matcher is not EqlRuleMatcher && !(streamRuleTypes && r.Matcher is RuleTypes.IAggregatingRuleMatcher))];
        var streamed = rules.Where(static r => r.Matcher is EqlRuleMatcher).ToList();
        if (streamRuleTypes)
        {
            streamed.AddRange(rules.Where(static r => r.Matcher is RuleTypes.IAggregatingRuleMatcher));
        }
        if (collected.Count > 0)
        {
            collector = new EventCollector(this.session.DefaultIndex);
        }
        if (streamed.Count == 0)
        {
            // Only aggregating rules: the collector is the whole session.
        }
        else if (options.Schedule)
        {
            scheduled = [];
            scheduledAlerts = new List<AlertDocument>[streamed.Count];
            for (var i = 0; i < streamed.Count; i++)
            {
                var rule = streamed[i];
                var into = scheduledAlerts[i] = [];
                scheduled.Add(new ScheduledRuleStream(rule, ((EqlRuleMatcher)rule.Matcher).Query, options, this.session.Reorder,
                    alert =>
                    {
                        into.Add(alert);
                        this.session.OnAlert?.Invoke(rule, alert);
                    }, problems, Identify));
            }
        }
        else
        {
            hunt = new StreamingHunt(streamed, options, this.session.DefaultIndex, this.session.Reorder, this.session, ruleTypes: streamRuleTypes);
        }
    }

    private readonly List<PreparedRule> collected;

    /// <summary>What the engine needs from the readers: the prefilter and worker filter when hunting, every line otherwise.</summary>
    public ReaderOptions ReaderOptions(bool validateJson, int threads) => hunt is { } h && collector is null
        ? new ReaderOptions { ValidateNdjson = validateJson, Prefilter = h.Prefilter, WorkerFilter = h.WorkerFilter, Threads = threads }
        : new ReaderOptions { ValidateNdjson = true };

    /// <summary>The streaming hunt underneath, when hunting (its prefilter and counts).</summary>
    public StreamingHunt? Hunt => hunt;

    /// <summary>Counts over all rules (records, prefilter skips, late events, buffering).</summary>
    public StreamingStats Stats => hunt?.Stats ?? scheduleStats;

    private readonly StreamingStats scheduleStats = new();

    /// <summary>Records that could not be read.</summary>
    public IReadOnlyList<InputError> Errors => hunt?.Errors ?? (scheduled is null ? collector?.Errors : null) ?? errors;

    /// <summary>Records whose index could not be named (no envelope, no data_stream, no default index).</summary>
    public long WithoutIndex => hunt?.WithoutIndex ?? (scheduled is null ? collector?.WithoutIndex : null) ?? withoutIndex;

    /// <summary>Records received (fixture comments excluded).</summary>
    public long Records => hunt?.Stats.Records ?? (scheduled is null ? collector?.Events.Count : null) ?? scheduleStats.Records;

    /// <summary>Most execution windows open at once over all rules (schedule mode).</summary>
    public int PeakOpenWindows { get; private set; }

    public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
    {
        collector?.Accept(origin, source, index, id);
        if (hunt is not null)
        {
            hunt.Accept(origin, source, index, id);
            return;
        }
        if (scheduled is null)
        {
            return;
        }
        if (EventCollector.IsComment(source))
        {
            return;
        }
        scheduleStats.Records++;
        var order = arrival++;
        var resolved = EventIndex.Resolve(index, source, session.DefaultIndex);
        if (resolved is null)
        {
            withoutIndex++;
            resolved = "";
        }
        if (!index.IsEmpty || !id.IsEmpty)
        {
            envelopes[(origin.Source, origin.Line, EventIdentity.Derive(source))] =
                (resolved, id.IsEmpty ? EventIdentity.Derive(source) : Encoding.UTF8.GetString(id));
        }
        byte[]? copy = null;
        var open = 0;
        var late = 0L;
        foreach (var rule in scheduled!)
        {
            late -= rule.LateEvents;
            rule.Offer(resolved, source, origin.Source, origin.Line, order, ref copy);
            late += rule.LateEvents;
            open += rule.OpenWindows;
        }
        scheduleStats.LateEvents += late;
        PeakOpenWindows = Math.Max(PeakOpenWindows, open);
    }

    public void AcceptTagged(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<int> tags)
    {
        if (hunt is not null)
        {
            hunt.AcceptTagged(origin, source, tags);
            return;
        }
        Accept(origin, source, [], []);
    }

    public void Skipped(long records, long bytesRead) => hunt?.Skipped(records, bytesRead);

    public void Reject(InputError error)
    {
        if (hunt is not null)
        {
            hunt.Reject(error);
        }
        else if (collector is not null && scheduled is null)
        {
            collector.Reject(error);
        }
        else
        {
            errors.Add(error);
        }
    }

    /// <summary>
    /// Follow mode, input idle: events waiting for time order are released now (wall-clock bound on waiting), so
    /// what they complete is written. Events arriving later behind them are evaluated out of order and counted late.
    /// </summary>
    /// <param name="settleMissing">Also decide sequences waiting on a trailing missing-event stage (a wall-clock timeout passed).</param>
    public void Flush(bool settleMissing = false) => hunt?.Flush(settleMissing);

    /// <summary>
    /// Live schedule: windows are closed by a clock as well as by event time — every execution window that ended a
    /// reorder window before <paramref name="now"/> is searched and its alerts handed out, even with no new event.
    /// </summary>
    public void AdvanceClock(DateTimeOffset now)
    {
        foreach (var rule in scheduled ?? [])
        {
            rule.AdvanceClock(now);
        }
    }

    /// <summary>Ends the input: what is still open is searched; returns everything, alerts in rule order.</summary>
    public ScanResult Finish()
    {
        if (finished)
        {
            throw new InvalidOperationException("the session is already finished");
        }
        finished = true;
        var result = hunt?.Finish() ?? new ScanResult();
        for (var i = 0; i < (scheduled?.Count ?? 0); i++)
        {
            var rule = scheduled![i];
            rule.Finish();
            result.Stats.Add(rule.Stats);
            result.Messages.AddRange(rule.Messages);
            result.Alerts.AddRange(scheduledAlerts![i]);
        }
        result.EventProblems.AddRange(problems);
        if (collector is not null)
        {
            var aggregated = new DetectionEngine().Run(collected, collector.Events, options);
            if (session.OnAlert is { } onAlert)
            {
                EmitInRuleOrder(aggregated, onAlert);
            }
            result.Alerts.AddRange(aggregated.Alerts);
            result.Messages.AddRange(aggregated.Messages);
            result.EventProblems.AddRange(aggregated.EventProblems);
            result.Stats.AddRange(aggregated.Stats);
        }
        return result;
    }

    // Alerts of a result built rule by rule, handed out with their rule (ids carry the rule, so match by rule id).
    private void EmitInRuleOrder(ScanResult result, Action<PreparedRule, AlertDocument> onAlert)
    {
        var byId = new Dictionary<string, PreparedRule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            byId.TryAdd(rule.Rule.RuleId, rule);
        }
        foreach (var alert in result.Alerts)
        {
            if (alert.Source["kibana.alert.rule.rule_id"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var ruleId) &&
                byId.TryGetValue(ruleId, out var rule))
            {
                onAlert(rule, alert);
            }
        }
    }

    private ScanEvent Identify(MatchedEvent matched)
    {
        var source = matched.Source.Span;
        var derived = EventIdentity.Derive(source);
        if (envelopes.TryGetValue((matched.Origin, matched.Line, derived), out var envelope))
        {
            return new ScanEvent(envelope.Index, envelope.Id, matched.Source, matched.Origin, matched.Line);
        }
        if (session.EnvelopeResolver?.Invoke(matched.Origin, matched.Line) is { } resolvedEnvelope)
        {
            return new ScanEvent(resolvedEnvelope.Index, resolvedEnvelope.Id, matched.Source, matched.Origin, matched.Line);
        }
        var index = EventIndex.Resolve([], source, session.DefaultIndex) ?? "";
        return new ScanEvent(index, derived, matched.Source, matched.Origin, matched.Line);
    }
}
