using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;
using Vigil.Detection.Suppression;

namespace Vigil.Detection.Engine;

/// <summary>
/// The alert step of one rule, shared by every engine (collect-all reference, streaming hunt, streaming schedule,
/// follow mode): per execution, each window's matches are cut to max_signals (the latest ones), built into alert
/// documents, suppressed or de-duplicated by id across executions (Kibana's create-by-id), and handed out one by one
/// as they are decided, so nothing decided is lost if a later part fails.
/// </summary>
internal sealed class RuleExecutionWriter
{
    private readonly DetectionRule rule;
    private readonly ScanOptions options;
    private readonly Action<AlertDocument> alerts;
    private readonly Action<RuleMessage> messages;
    private readonly HashSet<string> knownIds = new(StringComparer.Ordinal);
    private readonly AlertSuppressor? suppressor;

    public RuleExecutionWriter(DetectionRule rule, ScanOptions options, RuleRunStats stats, Action<AlertDocument> alerts, Action<RuleMessage> messages)
    {
        this.rule = rule;
        this.options = options;
        this.alerts = alerts;
        this.messages = messages;
        Stats = stats;
        suppressor = rule.AlertSuppression is not null ? new AlertSuppressor(options.SuppressedAlerts) : null;
        Limit = options.Schedule || options.HuntMaxSignals ? rule.MaxSignals : int.MaxValue;
    }

    public RuleRunStats Stats { get; }

    /// <summary>Most matches one search of an execution keeps (max_signals, or unlimited in a plain hunt).</summary>
    public int Limit { get; }

    /// <summary>The hunt's single execution: at the hunt start (<c>--now</c>), over the hunt range.</summary>
    public static RuleExecution HuntExecution(ScanOptions options) => new(
        AlertTime.TruncateToMilliseconds(options.Now ?? DateTimeOffset.UtcNow), null, [HuntWindow(options)], TimeSpan.Zero, null, null);

    public static TimeWindow HuntWindow(ScanOptions options) =>
        new(options.HuntFrom ?? DateTimeOffset.MinValue, options.HuntTo ?? DateTimeOffset.MaxValue);

    /// <summary>Starts an execution: counted, its shared alert facts fixed.</summary>
    public Execution Begin(RuleExecution execution)
    {
        Stats.Executions++;
        var context = ExecutionContext(rule, execution, options);
        return new Execution(execution, context, new AlertBuilder(rule, context));
    }

    /// <summary>One search of an execution: its matches (Elasticsearch's order) cut to max_signals, then written.</summary>
    public void WriteWindow(Execution execution, TimeWindow window, IReadOnlyList<RuleMatch> matches)
    {
        Stats.Matches += matches.Count;
        IReadOnlyList<RuleMatch> taken = matches;
        if (Limit != int.MaxValue && matches.Count >= Limit)
        {
            if (matches.Count > Limit)
            {
                Stats.TruncatedByMaxSignals += matches.Count - Limit;
                taken = matches.Skip(matches.Count - Limit).ToList();
            }
            Message(execution.Planned.StartedAt, false,
                suppressor is null ? DetectionEngine.MaxSignalsWarning : DetectionEngine.SuppressionMaxSignalsWarning);
        }
        WriteAlerts(execution, window, taken);
    }

    /// <summary>
    /// One search of an aggregating rule type (threshold, new_terms, threat_match): its matches were already cut to
    /// max_signals the rule type's way, so all are written; Kibana's warning when some were left out.
    /// </summary>
    public void WriteAggregated(Execution execution, TimeWindow window, RuleTypes.WindowResult result)
    {
        Stats.Matches += result.Matches.Count;
        if (result.ReachedMaxSignals)
        {
            Message(execution.Planned.StartedAt, false, DetectionEngine.MaxSignalsWarning);
        }
        WriteAlerts(execution, window, result.Matches);
    }

    /// <summary>
    /// Follow mode: matches written as soon as they are decided, without max_signals (which needs the whole search);
    /// counted and de-duplicated as <see cref="WriteWindow"/> does.
    /// </summary>
    public void WriteDecided(Execution execution, TimeWindow window, IReadOnlyList<RuleMatch> matches)
    {
        Stats.Matches += matches.Count;
        WriteAlerts(execution, window, matches);
    }

    /// <summary>Ends an execution: its uncovered gap, if any, reported in Kibana's words.</summary>
    public void End(Execution execution)
    {
        if (execution.Planned.GapMessage is { } gap)
        {
            Message(execution.Planned.StartedAt, true, gap);
        }
    }

    public void Message(DateTimeOffset? at, bool error, string text) => messages(new RuleMessage(rule.RuleId, rule.Name, at, error, text));

    private void WriteAlerts(Execution execution, TimeWindow window, IReadOnlyList<RuleMatch> matches)
    {
        var context = execution.Context;
        var builder = execution.Builder;
        var plain = new List<AlertDocument>();
        var candidates = new List<SuppressionCandidate>();
        foreach (var match in matches)
        {
            // One match that cannot be turned into alerts (a bug, or an input nobody foresaw) must not cost the
            // others: it is reported with its first event's place and the run goes on.
            try
            {
                if (match.Threshold is { } bucket)
                {
                    var thresholdAlert = builder.BuildThreshold(bucket, window.From, suppressed: suppressor is not null);
                    if (suppressor is null)
                    {
                        plain.Add(thresholdAlert);
                    }
                    else
                    {
                        candidates.Add(ThresholdCandidate(thresholdAlert, bucket, context));
                    }
                    continue;
                }
                var sources = new List<SourceEvent>(match.Events.Count);
                foreach (var ev in match.Events)
                {
                    JsonNode? node;
                    try
                    {
                        node = Vigil.Events.Projection.StrictJson.Parse(ev.Json.Span);
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        // The readers refuse such events before any rule sees them; this guards other callers' inputs.
                        Message(execution.Planned.StartedAt, true, $"{ev.Origin}:{ev.Line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
                        continue;
                    }
                    if (node is JsonObject obj)
                    {
                        sources.Add(new SourceEvent(ev.Index, ev.Id, obj));
                    }
                }
                if (sources.Count == 0)
                {
                    continue;
                }
                if (match.IsSequence)
                {
                    var docs = builder.BuildSequence(sources);
                    if (docs.Count == 0)
                    {
                        continue;
                    }
                    if (suppressor is null)
                    {
                        plain.AddRange(docs);
                        continue;
                    }
                    var shell = docs[0];
                    var terms = SuppressionTerms.FromShell(shell.Source, rule.AlertSuppression!.GroupBy);
                    if (!rule.AlertSuppression.SuppressMissingFields && SuppressionTerms.HasMissing(terms))
                    {
                        plain.AddRange(docs);
                        continue;
                    }
                    var time = SuppressionTime(shell.Source, rule, context);
                    var instanceId = ObjectHash.InstanceId(terms, rule.Uuid, context.SpaceId);
                    AlertSuppressor.AddFields(shell, terms, instanceId, time);
                    candidates.Add(new SuppressionCandidate(shell, instanceId, time, docs.Skip(1).ToList()));
                }
                else if (match.NewTerms is { } newTerms)
                {
                    if (builder.BuildNewTerms(sources[0], newTerms) is { } doc)
                    {
                        SuppressOrKeep(doc, sources[0].Source, context, plain, candidates);
                    }
                }
                else if (match.Enrichments is { } enrichments)
                {
                    if (builder.BuildSingle(RuleTypes.ThreatEnrichments.Apply(sources[0], enrichments)) is { } doc)
                    {
                        plain.Add(doc);
                    }
                }
                else
                {
                    if (builder.BuildSingle(sources[0]) is { } doc)
                    {
                        SuppressOrKeep(doc, sources[0].Source, context, plain, candidates);
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var first = match.Events.Count > 0 ? $"{match.Events[0].Origin}:{match.Events[0].Line}: " : "";
                Message(execution.Planned.StartedAt, true, $"{first}internal error while building an alert ({e.GetType().Name}: {e.Message}); the rule's other alerts are kept");
            }
        }

        foreach (var doc in plain)
        {
            if (knownIds.Add(doc.Id))
            {
                Stats.AlertsCreated++;
                alerts(doc);
            }
            else
            {
                Stats.DuplicatesDropped++;
            }
        }
        if (suppressor is not null && candidates.Count > 0)
        {
            var settings = rule.AlertSuppression!;
            var windowStart = settings.Duration is { } duration ? context.AlertTimestamp - duration : window.From;
            var outcome = suppressor.Process(candidates, context, windowStart, settings.Duration is null, knownIds,
                Limit == int.MaxValue ? 0 : Limit);
            Stats.AlertsCreated += outcome.Created.Count;
            Stats.Suppressed += outcome.Suppressed;
            foreach (var doc in outcome.Created)
            {
                alerts(doc);
            }
        }
    }

    // A threshold bucket's alert as Kibana suppresses it: grouped by the threshold fields' values themselves (no
    // group_by), terms the bucket key as scalars, start/end its first/last event time, docs_count 0.
    private SuppressionCandidate ThresholdCandidate(AlertDocument doc, RuleTypes.ThresholdBucket bucket, AlertExecutionContext context)
    {
        var terms = bucket.Terms.Select(t => new SuppressionTerm(t.Field, t.Value.DeepClone())).ToList();
        var values = SuppressionTerms.SortedValues(bucket.Terms.Select(t => (JsonNode?)t.Value));
        var instanceId = ObjectHash.ThresholdInstanceId(values, rule.Uuid, context.SpaceId);
        var start = bucket.MinTime ?? context.AlertTimestamp;
        AlertSuppressor.AddFields(doc, terms, instanceId, start);
        doc.Source.Set("kibana.alert.suppression.end", AlertTime.ToIso(bucket.MaxTime ?? start));
        return new SuppressionCandidate(doc, instanceId, start, []);
    }

    // One event's alert (query, new_terms): a suppression candidate grouped by the event's own values, as Kibana's
    // query and new_terms wrappers both build them (terms from the event's fields, time from its range field), or a
    // plain alert without alert_suppression or when doNotSuppress meets a missing group-by value.
    private void SuppressOrKeep(AlertDocument doc, JsonObject source, AlertExecutionContext context,
        List<AlertDocument> plain, List<SuppressionCandidate> candidates)
    {
        if (suppressor is null)
        {
            plain.Add(doc);
            return;
        }
        var terms = SuppressionTerms.FromEvent(source, rule.AlertSuppression!.GroupBy);
        if (!rule.AlertSuppression.SuppressMissingFields && SuppressionTerms.HasMissing(terms))
        {
            plain.Add(doc);
            return;
        }
        var time = DetectionEngine.RangeTime(source, rule) ?? context.AlertTimestamp;
        var instanceId = ObjectHash.InstanceId(terms, rule.Uuid, context.SpaceId);
        AlertSuppressor.AddFields(doc, terms, instanceId, time);
        candidates.Add(new SuppressionCandidate(doc, instanceId, time, []));
    }

    // A shell's suppression time: its primary (then secondary) timestamp field, else the alert time.
    private static DateTimeOffset SuppressionTime(AlertSource shell, DetectionRule rule, AlertExecutionContext context)
    {
        foreach (var field in new[] { rule.PrimaryTimestamp, rule.SecondaryTimestamp })
        {
            if (field is not null && shell.IsDefined(field) && shell[field] is JsonValue v && v.TryGetValue<string>(out var s) &&
                DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t))
            {
                return t;
            }
        }
        return context.AlertTimestamp;
    }

    /// <summary>The per-execution facts every alert of one rule run shares (times, execution uuid, Kibana settings).</summary>
    private static AlertExecutionContext ExecutionContext(DetectionRule rule, RuleExecution execution, ScanOptions options) => new()
    {
        SpaceId = options.SpaceId,
        StartedAt = execution.StartedAt,
        AlertTimestamp = AlertTime.TruncateToMilliseconds(options.Clock?.Invoke(execution.StartedAt) ?? execution.StartedAt),
        ExecutionUuid = RuleUuid.NameBased(RuleUuid.Namespace, rule.Uuid + "@" + AlertTime.ToIso(execution.StartedAt)),
        KibanaVersion = options.KibanaVersion,
        PublicBaseUrl = options.PublicBaseUrl,
    };

    /// <summary>One started execution: its plan, its alert facts and the builder for its alerts.</summary>
    internal sealed record Execution(RuleExecution Planned, AlertExecutionContext Context, AlertBuilder Builder);
}
