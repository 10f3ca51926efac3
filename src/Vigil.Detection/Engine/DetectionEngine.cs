using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Detection.Alerts;
using Vigil.Detection.Exceptions;
using Vigil.Detection.Rules;
using Vigil.Detection.Schedule;

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
        var aggregating = prepared.Matcher as RuleTypes.IAggregatingRuleMatcher;
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
            if (exceptionMatcher.Count > 0 || needsTimes || aggregating is not null)
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

        var writer = new RuleExecutionWriter(rule, options, stats, result.Alerts.Add, result.Messages.Add);

        IReadOnlyList<RuleExecution> executions;
        if (options.Schedule)
        {
            var starts = options.ExecutionTimes ?? DefaultStarts(rule, kept, times, options);
            executions = ScheduleEmulator.Plan(starts, rule.From, rule.To, rule.Interval);
        }
        else
        {
            executions = [RuleExecutionWriter.HuntExecution(options)];
        }

        RuleTypes.IRuleTypeRun? run = null;
        if (aggregating is not null)
        {
            var keptEvents = new List<ScanEvent>(kept.Count);
            foreach (var i in kept)
            {
                keptEvents.Add(eligible[i]);
            }
            RuleTypes.HistoryMatches? history = options.EventHistory is { } store
                ? (from, to, each) => store.Read(prepared, from, to, batch => HistoryBatch(prepared, aggregating, exceptionMatcher, batch, each, result.EventProblems))
                : null;
            run = aggregating.Start(RuleTypes.MatchedEvents.Of(aggregating.Query, keptEvents, rule, result.EventProblems), options, result.EventProblems, history);
        }

        foreach (var planned in executions)
        {
            var execution = writer.Begin(planned);
            if (run is not null)
            {
                foreach (var window in planned.Windows)
                {
                    writer.WriteAggregated(execution, window, run.Search(window, planned.StartedAt, bounded: needsTimes));
                }
                writer.End(execution);
                continue;
            }
            foreach (var window in planned.Windows)
            {
                var searched = new List<ScanEvent>();
                foreach (var i in kept)
                {
                    if (!needsTimes || (times[i] is { } t && window.Contains(t)))
                    {
                        searched.Add(eligible[i]);
                    }
                }
                writer.WriteWindow(execution, window, prepared.Matcher.Match(searched, result.EventProblems));
            }
            writer.End(execution);
        }
        stats.Elapsed = watch.Elapsed;
    }

    // Stored events outside the window (new_terms' history): the same index patterns, exceptions and query as the
    // window's events, then handed on one match at a time (nothing of the batch is kept).
    private static void HistoryBatch(PreparedRule prepared, RuleTypes.IAggregatingRuleMatcher aggregating, ExceptionMatcher exceptions,
        IReadOnlyList<ScanEvent> batch, Action<RuleTypes.TimedMatch> each, List<string> problems)
    {
        var kept = new List<ScanEvent>(batch.Count);
        foreach (var ev in batch)
        {
            if (!prepared.Indices.IsEmpty && !prepared.Indices.Matches(ev.Index))
            {
                continue;
            }
            if (exceptions.Count > 0)
            {
                JsonNode? parsed;
                try
                {
                    parsed = Vigil.Events.Projection.StrictJson.Parse(ev.Json.Span);
                }
                catch (JsonException e)
                {
                    problems.Add($"{ev.Origin}:{ev.Line}: {Vigil.Events.Projection.JsonErrorText.Describe(e)}");
                    continue;
                }
                if (exceptions.IsExcepted(parsed))
                {
                    continue;
                }
            }
            kept.Add(ev);
        }
        foreach (var m in RuleTypes.MatchedEvents.Of(aggregating.Query, kept, prepared.Rule, problems))
        {
            each(m);
        }
    }

    /// <summary>
    /// Hunt mode's alert step for matches found elsewhere (the streaming engine): one execution at the hunt's start
    /// over one window, exactly as <see cref="Run"/> writes them.
    /// </summary>
    internal static void WriteHuntMatches(PreparedRule prepared, IReadOnlyList<RuleMatch> matches, RuleRunStats stats,
        ScanOptions options, ScanResult result)
    {
        var writer = new RuleExecutionWriter(prepared.Rule, options, stats, result.Alerts.Add, result.Messages.Add);
        var planned = RuleExecutionWriter.HuntExecution(options);
        writer.WriteWindow(writer.Begin(planned), planned.Windows[0], matches);
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
}
