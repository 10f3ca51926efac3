using System.Diagnostics;
using Vigil.Detection.Engine;
using Vigil.Detection.Schedule;
using Vigil.Server.Alerts;
using Vigil.Server.Store;

namespace Vigil.Server.Scheduling;

/// <summary>
/// Runs the executions that start at one time: every distinct window of their plans is searched once for all the
/// rules that search it (one streaming pass each, oldest window first, so each rule sees its own windows in its
/// order); each rule's alerts go to the alert store, which keeps only ids not stored yet; each rule gets a status.
/// </summary>
public sealed class RuleExecutor(IEventStore events, IAlertStore alerts, Action<string> log)
{
    /// <summary>Kibana's execution message when nothing went wrong.</summary>
    public const string SuccessMessage = "Rule execution completed successfully";

    /// <summary>Most event problems logged per pass (the count is always logged).</summary>
    private const int ProblemsLogged = 5;

    public int ReaderThreads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Runs <paramref name="due"/> (all starting at <paramref name="startedAt"/>) and returns one record per execution,
    /// in order. Cancellation is honoured between window passes (a safe point: the execution is abandoned, what was
    /// written stays, and a re-run writes nothing twice).
    /// </summary>
    public IReadOnlyList<RuleExecutionRecord> Execute(DateTimeOffset startedAt, IReadOnlyList<DueExecution> due,
        ScanOptions shared, bool manual, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var tallies = new Tally[due.Count];
        for (var i = 0; i < due.Count; i++)
        {
            tallies[i] = new Tally();
            if (due[i].Plan.GapMessage is { } gap)
            {
                // Kibana reports an uncovered gap as a failure of the execution, which still searches its windows.
                tallies[i].Errors.Add(gap);
            }
        }

        var windows = new SortedSet<TimeWindow>(Comparer<TimeWindow>.Create(static (a, b) =>
            a.From != b.From ? a.From.CompareTo(b.From) : a.To.CompareTo(b.To)));
        foreach (var execution in due)
        {
            windows.UnionWith(execution.Plan.Windows);
        }

        foreach (var window in windows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = new List<int>();
            for (var i = 0; i < due.Count; i++)
            {
                if (due[i].Plan.Windows.Contains(window))
                {
                    members.Add(i);
                }
            }
            SearchWindow(startedAt, window, due, members, tallies, shared);
        }

        var records = new RuleExecutionRecord[due.Count];
        var elapsed = (long)watch.Elapsed.TotalMilliseconds;
        for (var i = 0; i < due.Count; i++)
        {
            var t = tallies[i];
            var plan = due[i].Plan;
            var status = t.Errors.Count > 0 ? RuleExecutionStatus.Failed
                : t.Warnings.Count > 0 ? RuleExecutionStatus.PartialFailure
                : RuleExecutionStatus.Succeeded;
            var message = status == RuleExecutionStatus.Succeeded ? SuccessMessage : string.Join(", ", t.Errors.Concat(t.Warnings));
            records[i] = new RuleExecutionRecord
            {
                Date = startedAt,
                Status = status,
                Message = message,
                DurationMs = elapsed,
                SearchDurationMs = (long)t.Search.TotalMilliseconds,
                IndexingDurationMs = (long)t.Indexing.TotalMilliseconds,
                GapDurationSeconds = plan.GapRange is null ? null : Math.Round(plan.RemainingGap.TotalSeconds, 3),
                GapFrom = plan.GapRange?.From,
                GapTo = plan.GapRange?.To,
                Windows = plan.Windows.Count,
                AlertsCreated = t.Created,
                Duplicates = t.Duplicates,
                Manual = manual,
            };
        }
        return records;
    }

    private void SearchWindow(DateTimeOffset startedAt, TimeWindow window, IReadOnlyList<DueExecution> due, List<int> members,
        Tally[] tallies, ScanOptions shared)
    {
        var rules = new List<PreparedRule>(members.Count);
        foreach (var i in members)
        {
            rules.Add(due[i].Rule.Prepared);
        }
        WindowSearchResult pass;
        try
        {
            pass = WindowSearch.Run(events, rules, window, startedAt, shared, ReaderThreads);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var text = $"search of [{Iso(window.From)}, {Iso(window.To)}] failed: {e.GetType().Name}: {e.Message}";
            log($"scheduler: {text}");
            foreach (var i in members)
            {
                tallies[i].Errors.Add(text);
            }
            return;
        }
        if (pass.Problems.Count > 0)
        {
            log($"scheduler: window [{Iso(window.From)}, {Iso(window.To)}]: {pass.Problems.Count} event(s) could not be read, e.g. " +
                string.Join(" | ", pass.Problems.Take(ProblemsLogged)));
        }
        for (var k = 0; k < members.Count; k++)
        {
            var tally = tallies[members[k]];
            var rule = due[members[k]].Rule.Prepared.Rule;
            // One pass serves every member: each is charged the whole pass, as each would have run the search.
            tally.Search += pass.Elapsed;
            foreach (var message in pass.Result.Messages)
            {
                if (message.RuleId == rule.RuleId && message.RuleName == rule.Name)
                {
                    (message.IsError ? tally.Errors : tally.Warnings).Add(message.Text);
                }
            }
            if (pass.LateEvents > 0)
            {
                tally.Warnings.Add($"{pass.LateEvents} event(s) of the window could not be put in time order (more than {WindowSearch.MaxBufferedPerRule} waiting); sequences over them may be missed");
            }
            var built = pass.AlertsByRule[k];
            if (built.Count == 0)
            {
                continue;
            }
            var writing = Stopwatch.StartNew();
            try
            {
                var created = alerts.WriteNew(built);
                tally.Created += created.Count;
                tally.Duplicates += built.Count - created.Count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                tally.Errors.Add($"writing {built.Count} alert(s) failed: {e.GetType().Name}: {e.Message}");
            }
            tally.Indexing += writing.Elapsed;
        }
    }

    private static string Iso(DateTimeOffset t) => Detection.Alerts.AlertTime.ToIso(t);

    /// <summary>One execution's running counts; messages kept once each, in first-seen order.</summary>
    private sealed class Tally
    {
        public OrderedSet Errors { get; } = new();
        public OrderedSet Warnings { get; } = new();
        public TimeSpan Search { get; set; }
        public TimeSpan Indexing { get; set; }
        public long Created { get; set; }
        public long Duplicates { get; set; }
    }

    private sealed class OrderedSet : List<string>
    {
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);

        public new void Add(string text)
        {
            if (seen.Add(text))
            {
                base.Add(text);
            }
        }
    }
}
