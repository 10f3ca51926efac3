using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Exceptions;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;
using Vigil.Detection.Suppression;

namespace Vigil.Detection.Engine;

/// <summary>
/// Runs rules over events as Kibana's detection engine would: per rule, only events of its indices, minus
/// exception matches, within each execution's time windows; at most max_signals matches per search (the latest
/// ones); alerts built, de-duplicated by id across executions (Kibana's create-by-id), or suppressed.
/// </summary>
public sealed class DetectionEngine
{
    /// <summary>Kibana's warning when a search returned max_signals results.</summary>
    public const string MaxSignalsWarning = "This rule reached the maximum alert limit for the rule execution. Some alerts were not created.";

    /// <summary>Kibana's warning when suppression candidates exceeded max_signals.</summary>
    public const string SuppressionMaxSignalsWarning = "This rule reached the maximum alert limit for the rule execution. Some alerts were not created or suppressed.";

    public ScanResult Run(IReadOnlyList<PreparedRule> rules, IReadOnlyList<ScanEvent> events, ScanOptions options)
    {
        var result = new ScanResult();
        foreach (var rule in rules)
        {
            RunRule(rule, events, options, result);
        }
        return result;
    }

    private static void RunRule(PreparedRule prepared, IReadOnlyList<ScanEvent> allEvents, ScanOptions options, ScanResult result)
    {
        var watch = Stopwatch.StartNew();
        var rule = prepared.Rule;
        var stats = new RuleRunStats { RuleId = rule.RuleId, RuleName = rule.Name };
        result.Stats.Add(stats);
        void Message(DateTimeOffset? at, bool error, string text) => result.Messages.Add(new RuleMessage(rule.RuleId, rule.Name, at, error, text));

        // Index patterns: a rule never sees events of other indices.
        var eligible = new List<ScanEvent>();
        var indexDecisions = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var ev in allEvents)
        {
            if (!indexDecisions.TryGetValue(ev.Index, out var searched))
            {
                searched = prepared.Indices.IsEmpty || prepared.Indices.Matches(ev.Index);
                indexDecisions[ev.Index] = searched;
            }
            if (searched)
            {
                eligible.Add(ev);
            }
        }
        stats.EventsInIndex = eligible.Count;

        var exceptionItems = new List<ExceptionItem>(options.SharedExceptions);
        foreach (var reference in rule.ExceptionsList)
        {
            if (options.ExceptionLists is { } lists && lists.HasList(reference.ListId))
            {
                exceptionItems.AddRange(lists.ItemsOf(reference.ListId));
            }
            else
            {
                Message(null, false, $"exception list \"{reference.ListId}\" was not loaded (give its export with --exceptions); its items are not applied");
            }
        }

        var needsTimes = options.Schedule || options.HuntFrom is not null || options.HuntTo is not null;
        var times = new DateTimeOffset?[eligible.Count];
        var kept = new List<int>(eligible.Count);
        var huntStart = AlertTime.TruncateToMilliseconds(options.Now ?? DateTimeOffset.UtcNow);
        var exceptionMatcher = new ExceptionMatcher(exceptionItems, options.Schedule ? options.Start ?? huntStart : huntStart);
        if (exceptionMatcher.UnappliedWarning is { } unapplied)
        {
            Message(null, false, unapplied);
        }
        for (var i = 0; i < eligible.Count; i++)
        {
            JsonNode? parsed = null;
            if (exceptionMatcher.Count > 0 || needsTimes)
            {
                try
                {
                    parsed = Vigil.Events.Projection.StrictJson.Parse(eligible[i].Json.Span);
                }
                catch (JsonException e)
                {
                    result.EventProblems.Add($"{eligible[i].Origin}:{eligible[i].Line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
                    continue;
                }
            }
            if (exceptionMatcher.Count > 0 && exceptionMatcher.IsExcepted(parsed))
            {
                stats.EventsExcepted++;
                continue;
            }
            if (needsTimes)
            {
                times[i] = RangeTime(parsed, rule);
            }
            kept.Add(i);
        }

        var knownIds = new HashSet<string>(StringComparer.Ordinal);
        var suppressor = rule.AlertSuppression is not null ? new AlertSuppressor() : null;

        IReadOnlyList<RuleExecution> executions;
        if (options.Schedule)
        {
            var starts = options.ExecutionTimes ?? DefaultStarts(rule, kept, times, options);
            executions = ScheduleEmulator.Plan(starts, rule.From, rule.To, rule.Interval);
        }
        else
        {
            var window = new TimeWindow(options.HuntFrom ?? DateTimeOffset.MinValue, options.HuntTo ?? DateTimeOffset.MaxValue);
            executions = [new RuleExecution(huntStart, null, [window], TimeSpan.Zero, null, null)];
        }

        foreach (var execution in executions)
        {
            stats.Executions++;
            var context = ExecutionContext(rule, execution, options);
            var builder = new AlertBuilder(rule, context);
            var limit = options.Schedule || options.HuntMaxSignals ? rule.MaxSignals : int.MaxValue;
            var checkTimes = needsTimes;

            foreach (var window in execution.Windows)
            {
                var searched = new List<ScanEvent>();
                foreach (var i in kept)
                {
                    if (!checkTimes || (times[i] is { } t && window.Contains(t)))
                    {
                        searched.Add(eligible[i]);
                    }
                }
                var matches = prepared.Matcher.Match(searched, result.EventProblems);
                stats.Matches += matches.Count;
                IReadOnlyList<RuleMatch> taken = matches;
                if (limit != int.MaxValue && matches.Count >= limit)
                {
                    if (matches.Count > limit)
                    {
                        stats.TruncatedByMaxSignals += matches.Count - limit;
                        taken = matches.Skip(matches.Count - limit).ToList();
                    }
                    Message(execution.StartedAt, false, suppressor is null ? MaxSignalsWarning : SuppressionMaxSignalsWarning);
                }
                WriteAlerts(rule, builder, context, window, taken, knownIds, suppressor, limit, stats, result);
            }
            if (execution.GapMessage is { } gap)
            {
                Message(execution.StartedAt, true, gap);
            }
        }
        stats.Elapsed = watch.Elapsed;
    }

    /// <summary>
    /// Hunt mode's alert step for matches found elsewhere (the streaming engine): one execution at the hunt's start
    /// over one window, exactly as <see cref="Run"/> writes them.
    /// </summary>
    internal static void WriteHuntMatches(PreparedRule prepared, IReadOnlyList<RuleMatch> matches, RuleRunStats stats,
        ScanOptions options, ScanResult result)
    {
        var rule = prepared.Rule;
        var huntStart = AlertTime.TruncateToMilliseconds(options.Now ?? DateTimeOffset.UtcNow);
        var window = new TimeWindow(options.HuntFrom ?? DateTimeOffset.MinValue, options.HuntTo ?? DateTimeOffset.MaxValue);
        var execution = new RuleExecution(huntStart, null, [window], TimeSpan.Zero, null, null);
        var knownIds = new HashSet<string>(StringComparer.Ordinal);
        var suppressor = rule.AlertSuppression is not null ? new AlertSuppressor() : null;
        stats.Executions++;
        var context = ExecutionContext(rule, execution, options);
        var builder = new AlertBuilder(rule, context);
        var limit = options.HuntMaxSignals ? rule.MaxSignals : int.MaxValue;
        stats.Matches += matches.Count;
        IReadOnlyList<RuleMatch> taken = matches;
        if (limit != int.MaxValue && matches.Count >= limit)
        {
            if (matches.Count > limit)
            {
                stats.TruncatedByMaxSignals += matches.Count - limit;
                taken = matches.Skip(matches.Count - limit).ToList();
            }
            result.Messages.Add(new RuleMessage(rule.RuleId, rule.Name, execution.StartedAt, false,
                suppressor is null ? MaxSignalsWarning : SuppressionMaxSignalsWarning));
        }
        WriteAlerts(rule, builder, context, window, taken, knownIds, suppressor, limit, stats, result);
    }

    private static IReadOnlyList<DateTimeOffset> DefaultStarts(DetectionRule rule, List<int> kept, DateTimeOffset?[] times, ScanOptions options)
    {
        DateTimeOffset? earliest = null, latest = null;
        foreach (var i in kept)
        {
            if (times[i] is { } t)
            {
                earliest = earliest is null || t < earliest ? t : earliest;
                latest = latest is null || t > latest ? t : latest;
            }
        }
        var start = options.Start ?? earliest;
        if (start is null)
        {
            return [];
        }
        // Enough executions for the last event to fall into one: the first start at or after it.
        var end = options.End ?? (latest is { } l && l >= start ? l.AddMilliseconds(rule.Interval.Milliseconds - 1) : start.Value);
        return ScheduleEmulator.RegularStarts(start.Value, end, rule.Interval);
    }

    /// <summary>The time the rule's range filter sees: the primary timestamp field, else the secondary (@timestamp).</summary>
    public static DateTimeOffset? RangeTime(JsonNode? source, DetectionRule rule)
    {
        if (AlertTime.TryRead(source, rule.PrimaryTimestamp, out var t))
        {
            return t;
        }
        if (rule.SecondaryTimestamp is { } secondary && AlertTime.TryRead(source, secondary, out var s))
        {
            return s;
        }
        return null;
    }

    private static void WriteAlerts(DetectionRule rule, AlertBuilder builder, AlertExecutionContext context, TimeWindow window,
        IReadOnlyList<RuleMatch> matches, HashSet<string> knownIds, AlertSuppressor? suppressor, int limit,
        RuleRunStats stats, ScanResult result)
    {
        var plain = new List<AlertDocument>();
        var candidates = new List<SuppressionCandidate>();
        foreach (var match in matches)
        {
            // One match that cannot be turned into alerts (a bug, or an input nobody foresaw) must not cost the
            // others: it is reported with its first event's place and the run goes on.
            try
            {
                var sources = new List<SourceEvent>(match.Events.Count);
                foreach (var ev in match.Events)
                {
                    JsonNode? node;
                    try
                    {
                        node = Vigil.Events.Projection.StrictJson.Parse(ev.Json.Span);
                    }
                    catch (JsonException e)
                    {
                        // The readers refuse such events before any rule sees them; this guards other callers' inputs.
                        result.EventProblems.Add($"{ev.Origin}:{ev.Line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
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
                else
                {
                    var doc = builder.BuildSingle(sources[0]);
                    if (doc is null)
                    {
                        continue;
                    }
                    if (suppressor is null)
                    {
                        plain.Add(doc);
                        continue;
                    }
                    var terms = SuppressionTerms.FromEvent(sources[0].Source, rule.AlertSuppression!.GroupBy);
                    if (!rule.AlertSuppression.SuppressMissingFields && SuppressionTerms.HasMissing(terms))
                    {
                        plain.Add(doc);
                        continue;
                    }
                    var time = RangeTime(sources[0].Source, rule) ?? context.AlertTimestamp;
                    var instanceId = ObjectHash.InstanceId(terms, rule.Uuid, context.SpaceId);
                    AlertSuppressor.AddFields(doc, terms, instanceId, time);
                    candidates.Add(new SuppressionCandidate(doc, instanceId, time, []));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var first = match.Events.Count > 0 ? $"{match.Events[0].Origin}:{match.Events[0].Line}: " : "";
                result.EventProblems.Add($"{first}internal error while building an alert of rule '{rule.Name}' ({e.GetType().Name}: {e.Message}); its other alerts are kept");
            }
        }

        foreach (var doc in plain)
        {
            if (knownIds.Add(doc.Id))
            {
                result.Alerts.Add(doc);
                stats.AlertsCreated++;
            }
            else
            {
                stats.DuplicatesDropped++;
            }
        }
        if (suppressor is not null && candidates.Count > 0)
        {
            var settings = rule.AlertSuppression!;
            var windowStart = settings.Duration is { } duration ? context.AlertTimestamp - duration : window.From;
            var outcome = suppressor.Process(candidates, context, windowStart, settings.Duration is null, knownIds,
                limit == int.MaxValue ? 0 : limit);
            result.Alerts.AddRange(outcome.Created);
            stats.AlertsCreated += outcome.Created.Count;
            stats.Suppressed += outcome.Suppressed;
        }
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
}
