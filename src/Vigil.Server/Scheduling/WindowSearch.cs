using System.Diagnostics;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Schedule;
using Vigil.Eql.Runtime;
using Vigil.Events.Readers;
using Vigil.Server.Store;

namespace Vigil.Server.Scheduling;

/// <summary>
/// Searches one window for several rules in one streaming pass over the store's segments (the scan's reader, its
/// prefilter and worker filter, so N rules cost one read), exactly as hunt mode with <c>--from/--to/--now
/// --max-signals</c> would over the same events.
/// </summary>
public static class WindowSearch
{
    /// <summary>
    /// Slack added to the reorder window beyond the searched window's length. Segments hold events in arrival order;
    /// only events inside the window reach the rules' reorder buffers, so a buffer at least as long as the window
    /// never releases before the end of the pass and every sequence sees the events in time order, as the
    /// collect-all schedule path does.
    /// </summary>
    public static readonly TimeSpan ReorderSlack = TimeSpan.FromMinutes(1);

    /// <summary>Most events one rule's reorder buffer holds in one window before it must release early (then reported as late).</summary>
    public const int MaxBufferedPerRule = 2_000_000;

    /// <summary>
    /// Searches the window for every rule: the streaming rule types (EQL, KQL query) in one pass, the aggregating
    /// ones (threshold, new_terms, threat_match) in <see cref="AggregatingWindowSearch"/>; alerts by rule in the
    /// given order.
    /// </summary>
    public static WindowSearchResult Run(IEventStore store, IReadOnlyList<PreparedRule> rules, TimeWindow window,
        DateTimeOffset startedAt, ScanOptions shared, int threads)
    {
        var streaming = new List<int>();
        var aggregating = new List<int>();
        for (var i = 0; i < rules.Count; i++)
        {
            (rules[i].Matcher is EqlRuleMatcher ? streaming : aggregating).Add(i);
        }
        if (aggregating.Count == 0)
        {
            return RunStreaming(store, rules, window, startedAt, shared, threads);
        }
        var aggregated = AggregatingWindowSearch.Run(store, [.. aggregating.Select(i => rules[i])], window, startedAt, shared, threads);
        if (streaming.Count == 0)
        {
            return aggregated;
        }
        var streamed = RunStreaming(store, [.. streaming.Select(i => rules[i])], window, startedAt, shared, threads);
        var result = new ScanResult();
        var byRule = new IReadOnlyList<AlertDocument>[rules.Count];
        foreach (var (part, members) in new[] { (streamed, streaming), (aggregated, aggregating) })
        {
            for (var k = 0; k < members.Count; k++)
            {
                byRule[members[k]] = part.AlertsByRule[k];
            }
            result.Messages.AddRange(part.Result.Messages);
            result.EventProblems.AddRange(part.Result.EventProblems);
        }
        for (var i = 0; i < rules.Count; i++)
        {
            result.Alerts.AddRange(byRule[i]);
        }
        return new WindowSearchResult(result, byRule, streamed.Segments, streamed.Records + aggregated.Records, streamed.LateEvents,
            [.. streamed.Problems, .. aggregated.Problems], streamed.Elapsed + aggregated.Elapsed);
    }

    /// <summary>
    /// The options that make one hunt over the window the rule's execution at <paramref name="startedAt"/>: the
    /// window as the hunt's range, max_signals per execution, alerts stamped with the execution's time.
    /// </summary>
    internal static ScanOptions AsExecution(ScanOptions shared, TimeWindow window, DateTimeOffset startedAt) => shared with
    {
        Schedule = false,
        HuntFrom = window.From,
        HuntTo = window.To,
        Now = startedAt,
        HuntMaxSignals = true,
    };

    private static WindowSearchResult RunStreaming(IEventStore store, IReadOnlyList<PreparedRule> rules, TimeWindow window,
        DateTimeOffset startedAt, ScanOptions shared, int threads)
    {
        var watch = Stopwatch.StartNew();
        var segments = store.Overlapping(window.From, window.To);
        var byPath = new Dictionary<string, StoredSegment>(segments.Count, StringComparer.Ordinal);
        var paths = new List<string>(segments.Count);
        foreach (var segment in segments)
        {
            if (byPath.TryAdd(segment.Path, segment))
            {
                paths.Add(segment.Path);
            }
        }
        var options = AsExecution(shared, window, startedAt);
        var reorder = new ReorderOptions { Window = window.To - window.From + ReorderSlack, MaxEvents = MaxBufferedPerRule };
        var hunt = new StreamingHunt(rules, options, defaultIndex: null, reorder)
        {
            EnvelopeResolver = (origin, line) => byPath.TryGetValue(origin, out var segment) ? segment.EnvelopeOf(line) : null,
        };
        InputReader.Read(paths, hunt, new ReaderOptions
        {
            // Segments hold one source per line; never let an event that looks like a bulk action or a hit reframe a file.
            Format = InputFormat.Ndjson,
            Prefilter = hunt.Prefilter,
            WorkerFilter = hunt.WorkerFilter,
            Threads = threads,
        });
        var result = hunt.Finish();

        // Finish writes each rule's alerts in rule order and counts them in that rule's stats.
        var byRule = new List<IReadOnlyList<AlertDocument>>(rules.Count);
        var next = 0;
        for (var i = 0; i < rules.Count; i++)
        {
            var count = (int)result.Stats[i].AlertsCreated;
            byRule.Add(result.Alerts.GetRange(next, count));
            next += count;
        }
        if (next != result.Alerts.Count)
        {
            throw new InvalidOperationException($"the hunt wrote {result.Alerts.Count} alerts but its rules counted {next}");
        }

        var problems = new List<string>();
        foreach (var error in hunt.Errors)
        {
            problems.Add(error.ToString());
        }
        problems.AddRange(result.EventProblems.Distinct());
        return new WindowSearchResult(result, byRule, paths.Count, hunt.Stats.Records,
            hunt.Stats.LateEvents + hunt.Stats.ForcedReleases, problems, watch.Elapsed);
    }
}
