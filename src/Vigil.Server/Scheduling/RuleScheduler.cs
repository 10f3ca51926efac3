using System.Runtime.InteropServices;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Detection.Schedule;
using Vigil.Rules;
using Vigil.Server.Hosting;

namespace Vigil.Server.Scheduling;

/// <summary>
/// Runs every loaded rule on Kibana's schedule over the event store and writes its alerts to the alert store.
/// Each rule runs first at start (or at its persisted next time), then every interval; an execution at t plans its
/// windows with <see cref="ScheduleEmulator.PlanOne"/> from the previous execution's start, the code
/// <c>scan --schedule</c> uses, so a service that was down or behind gets Kibana's catch-up windows and gap message.
/// Executions, manual runs and reloads run one at a time.
/// </summary>
public sealed class RuleScheduler
{
    public const string StateFileName = "rules-state.json";

    private readonly Lock gate = new();
    private readonly SemaphoreSlim exclusive = new(1, 1);
    private readonly RuleStateFile stateFile;
    private readonly RuleExecutor executor;
    // Cluster mode: the rules not keyed on the host run over the global store, only on the global lease's holder.
    private readonly RuleExecutor? globalExecutor;
    private List<ScheduledRule> rules = [];
    private LoadedRuleSet ruleSet = new([], new(), []);
    // The --threat files' indicators, read again at each reload as the rules are.
    private IReadOnlyList<Vigil.Detection.RuleTypes.ThreatIndicator> threatIndicators = [];
    private Dictionary<string, RuleRunState>? saved;
    private TaskCompletionSource wake = NewSignal();
    private TaskCompletionSource changed = NewSignal();
    private bool loaded;
    private bool busy;
    private bool takeoverPending;

    public RuleScheduler(ServerContext context)
    {
        Context = context;
        stateFile = new RuleStateFile(Path.Combine(context.Options.DataDirectory, StateFileName));
        executor = new RuleExecutor(context.Events, context.AlertWrites, context.Log);
        globalExecutor = context.GlobalEvents is { } global ? new RuleExecutor(global, context.AlertWrites, context.Log) : null;
    }

    public ServerContext Context { get; }

    /// <summary>Rules already loaded by the caller (cluster mode sizes the event stream from them); the first load takes these.</summary>
    public LoadedRuleSet? FirstLoad { get => firstLoad; init => firstLoad = value; }

    private LoadedRuleSet? firstLoad;

    /// <summary>Runs until cancelled, then returns at a safe point (between two window searches).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!loaded)
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        using var hangup = RegisterHangup();
        while (!cancellationToken.IsCancellationRequested)
        {
            bool rerun;
            lock (gate)
            {
                rerun = takeoverPending;
            }
            if (rerun)
            {
                await RerunAfterTakeoverAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            var now = Context.Clock.UtcNow;
            List<ScheduledRule> due;
            DateTimeOffset next;
            Task woken;
            lock (gate)
            {
                due = rules.Where(r => r.State.NextRunAt is not { } at || at <= now).ToList();
                next = rules.Count == 0 ? DateTimeOffset.MaxValue : rules.Min(r => r.State.NextRunAt ?? now);
                woken = wake.Task;
            }
            if (due.Count > 0)
            {
                await RunScheduledAsync(now, cancellationToken).ConfigureAwait(false);
                continue;
            }
            Signal();
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reached = Context.Clock.WaitUntilAsync(next, waiting.Token);
            await Task.WhenAny(reached, woken).ConfigureAwait(false);
            await waiting.CancelAsync().ConfigureAwait(false);
            try
            {
                await reached.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        Signal();
    }

    /// <summary>The definition of a loaded rule by its rule_id (for its investigation guide), or null.</summary>
    public Vigil.Rules.Rule? FindRule(string ruleId)
    {
        lock (gate)
        {
            return ruleSet.Sources is { } sources && sources.TryGetValue(ruleId, out var rule) ? rule : null;
        }
    }

    /// <summary>Copies of the loaded rules and their states, in load order.</summary>
    public IReadOnlyList<RuleView> Rules
    {
        get
        {
            lock (gate)
            {
                return rules.Select(View).ToList();
            }
        }
    }

    /// <summary>Loaded, nothing running, no takeover re-run waiting, nothing due at the clock's current time.</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                var now = Context.Clock.UtcNow;
                return loaded && !busy && !takeoverPending && rules.All(r => r.State.NextRunAt is { } at && at > now);
            }
        }
    }

    /// <summary>
    /// Completes once the scheduler has loaded its rules, no execution is running and none is due at the clock's
    /// current time (for tests: advance the manual clock, then wait for this instead of sleeping).
    /// </summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                var now = Context.Clock.UtcNow;
                if (loaded && !busy && !takeoverPending && rules.All(r => r.State.NextRunAt is { } at && at > now))
                {
                    return;
                }
                next = changed.Task;
            }
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads <c>--rules</c> and <c>--exceptions</c> again: new rules start their schedule now, removed ones stop,
    /// changed ones (version or definition) start a new schedule; unchanged ones keep theirs. At the first load the
    /// persisted state resumes each unchanged rule where it stopped.
    /// </summary>
    public async Task<LoadedRuleSet> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var options = Context.Options;
            LoadedRuleSet set;
            try
            {
                set = Interlocked.Exchange(ref firstLoad, null) ?? LoadedRuleSet.Load(options.Rules, options.Exceptions, Context.Log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Keep what runs: a rules folder that cannot be read now must not stop the rules already loaded.
                Context.Log($"reload failed: {e.Message}; the rules loaded before keep running");
                LoadedRuleSet kept;
                lock (gate)
                {
                    loaded = true;
                    kept = new LoadedRuleSet(rules.Select(r => r.Prepared).ToList(), ruleSet.Exceptions, [e.Message], ruleSet.Sources);
                }
                Signal();
                return kept;
            }
            var indicatorProblems = new List<string>();
            var indicators = options.Threat.Count == 0 ? [] : Vigil.Detection.RuleTypes.ThreatIndicatorLoader.Load(options.Threat, indicatorProblems);
            foreach (var problem in indicatorProblems)
            {
                Context.Log($"--threat: {problem}");
            }
            if (options.Threat.Count > 0)
            {
                Context.Log($"{indicators.Count} indicator(s) read from --threat");
            }
            var now = Context.Clock.UtcNow;
            lock (gate)
            {
                threatIndicators = indicators;
                saved ??= stateFile.Load(Context.Log);
                var current = rules.ToDictionary(r => r.Uuid, StringComparer.Ordinal);
                var next = new List<ScheduledRule>(set.Rules.Count);
                foreach (var prepared in set.Rules)
                {
                    var fingerprint = ScheduledRule.FingerprintOf(prepared);
                    var label = $"{prepared.Rule.RuleId} ({prepared.Rule.Name})";
                    if (current.Remove(prepared.Rule.Uuid, out var running))
                    {
                        if (running.State.Fingerprint == fingerprint)
                        {
                            next.Add(new ScheduledRule(prepared, running.State));
                            continue;
                        }
                        Context.Log($"rule changed: {label}: starts a new schedule now");
                        next.Add(new ScheduledRule(prepared, Fresh(prepared, fingerprint, now, running.State)));
                        continue;
                    }
                    if (!loaded && saved.TryGetValue(prepared.Rule.Uuid, out var persisted) && persisted.Fingerprint == fingerprint)
                    {
                        persisted.NextRunAt ??= now;
                        Context.Log($"rule resumed: {label}: last execution {Iso(persisted.LastStartedAt)}, next {Iso(persisted.NextRunAt)}");
                        next.Add(new ScheduledRule(prepared, persisted));
                        continue;
                    }
                    if (loaded)
                    {
                        Context.Log($"rule added: {label}: first execution now");
                    }
                    next.Add(new ScheduledRule(prepared, Fresh(prepared, fingerprint, now, null)));
                }
                foreach (var removed in current.Values)
                {
                    Context.Log($"rule removed: {removed.Prepared.Rule.RuleId} ({removed.Prepared.Rule.Name}): its schedule stops");
                }
                rules = next;
                ruleSet = set;
                loaded = true;
                SaveLocked();
            }
            Wake();
            Signal();
            return set;
        }
        finally
        {
            exclusive.Release();
        }
    }

    /// <summary>
    /// A manual run (Kibana's <c>_bulk_action</c> <c>run</c>, a backfill): for each rule (by saved-object id), executions
    /// every interval after <paramref name="start"/> up to <paramref name="end"/> (the last one at the end), each over
    /// its own [t+from, t+to] with no gap logic; alerts go to the alert store like a scheduled run's. The schedule is
    /// not moved.
    /// </summary>
    public async Task<ManualRunOutcome> RunManualAsync(IReadOnlyList<string> ids, DateTimeOffset start, DateTimeOffset end,
        CancellationToken cancellationToken)
    {
        await exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<ScheduledRule> chosen = [];
            List<string> notFound = [];
            ScanOptions shared;
            lock (gate)
            {
                foreach (var id in ids)
                {
                    if (rules.FirstOrDefault(r => r.Uuid == id) is { } rule)
                    {
                        chosen.Add(rule);
                    }
                    else
                    {
                        notFound.Add(id);
                    }
                }
                shared = SharedOptions();
                busy = true;
            }
            var byTime = new SortedDictionary<DateTimeOffset, List<DueExecution>>();
            foreach (var rule in chosen)
            {
                foreach (var t in ManualStarts(start, end, rule.Prepared.Rule.Interval))
                {
                    var r = rule.Prepared.Rule;
                    if (!byTime.TryGetValue(t, out var list))
                    {
                        byTime[t] = list = [];
                    }
                    list.Add(new DueExecution(rule, ScheduleEmulator.PlanOne(t, null, r.From, r.To, r.Interval)));
                }
            }
            var records = chosen.ToDictionary(r => r, _ => new List<RuleExecutionRecord>());
            try
            {
                foreach (var (t, due) in byTime)
                {
                    var done = await Task.Run(() => ExecutePlaced(t, due, shared, manual: true, cancellationToken), cancellationToken)
                        .ConfigureAwait(false);
                    lock (gate)
                    {
                        for (var i = 0; i < due.Count; i++)
                        {
                            records[due[i].Rule].Add(done[i]);
                            due[i].Rule.State.LastManualRun = done[i];
                            due[i].Rule.State.TotalAlerts += done[i].AlertsCreated;
                        }
                    }
                }
            }
            finally
            {
                lock (gate)
                {
                    busy = false;
                    SaveLocked();
                }
                Signal();
            }
            foreach (var rule in chosen)
            {
                var created = records[rule].Sum(r => r.AlertsCreated);
                Context.Log($"manual run: {rule.Prepared.Rule.RuleId} ({rule.Prepared.Rule.Name}) over [{Iso(start)}, {Iso(end)}]: {records[rule].Count} execution(s), {created} alert(s) created");
            }
            lock (gate)
            {
                return new ManualRunOutcome(chosen.Select(r => (View(r), (IReadOnlyList<RuleExecutionRecord>)records[r])).ToList(), notFound);
            }
        }
        finally
        {
            exclusive.Release();
        }
    }

    /// <summary>
    /// Cluster mode: this worker gained a partition and has read it up to the end of the stream, so its store now holds
    /// events the executions it already ran did not see, and the partition's previous owner may have died before
    /// running its own. The scheduler re-runs each rule's recent executions (<see cref="TakeoverDepth"/>) over the same
    /// windows; alert ids are deterministic and the store keeps an id once, so what the old owner did write is not doubled.
    /// </summary>
    public void RequestTakeoverRerun()
    {
        lock (gate)
        {
            takeoverPending = true;
        }
        Wake();
    }

    /// <summary>
    /// How far back a takeover re-runs a rule's executions: two lease TTLs (the time a dead owner's lease takes to
    /// expire and be claimed) plus one interval (the execution it may have been in), and at least the last two.
    /// </summary>
    public TimeSpan TakeoverDepth(Duration interval)
    {
        var step = TimeSpan.FromMilliseconds(interval.Milliseconds);
        var depth = 2 * Context.Options.LeaseTtl + step;
        return depth > 2 * step ? depth : 2 * step;
    }

    private async Task RerunAfterTakeoverAsync(CancellationToken cancellationToken)
    {
        await exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var byTime = new SortedDictionary<DateTimeOffset, List<DueExecution>>();
            ScanOptions shared;
            lock (gate)
            {
                takeoverPending = false;
                foreach (var rule in rules)
                {
                    var r = rule.Prepared.Rule;
                    if (rule.State.LastStartedAt is not { } last || r.Interval.Milliseconds <= 0)
                    {
                        continue;
                    }
                    var depth = TakeoverDepth(r.Interval);
                    for (var t = last; last - t < depth; t = t.AddMilliseconds(-r.Interval.Milliseconds))
                    {
                        if (!byTime.TryGetValue(t, out var list))
                        {
                            byTime[t] = list = [];
                        }
                        try
                        {
                            list.Add(new DueExecution(rule, ScheduleEmulator.PlanOne(t, null, r.From, r.To, r.Interval)));
                        }
                        catch (ArgumentException)
                        {
                            break;
                        }
                    }
                }
                shared = SharedOptions();
                busy = true;
            }
            long created = 0, executions = 0;
            try
            {
                foreach (var (t, due) in byTime)
                {
                    if (due.Count == 0)
                    {
                        continue;
                    }
                    var done = await Task.Run(() => ExecutePlaced(t, due, shared, manual: true, cancellationToken), cancellationToken).ConfigureAwait(false);
                    lock (gate)
                    {
                        for (var i = 0; i < due.Count; i++)
                        {
                            due[i].Rule.State.TotalAlerts += done[i].AlertsCreated;
                            created += done[i].AlertsCreated;
                            executions++;
                        }
                    }
                }
            }
            finally
            {
                lock (gate)
                {
                    busy = false;
                    SaveLocked();
                }
            }
            Context.Log($"cluster: partition takeover: {executions} recent execution(s) re-run, {created} alert(s) created");
        }
        finally
        {
            exclusive.Release();
            Signal();
        }
    }

    /// <summary>
    /// Runs the executions on the stores their rules belong to. Single process: all on the one store. Cluster mode
    /// (<see cref="Cluster.RulePlacement"/>): host-local rules over this worker's partitions; the others over the
    /// global store when this worker holds the global lease and its reader has caught up, else they are recorded as
    /// run elsewhere (the global worker raises their alerts; a worker that gains the lease re-runs recent executions).
    /// </summary>
    private IReadOnlyList<RuleExecutionRecord> ExecutePlaced(DateTimeOffset startedAt, IReadOnlyList<DueExecution> due, ScanOptions shared,
        bool manual, CancellationToken cancellationToken)
    {
        if (globalExecutor is null)
        {
            return executor.Execute(startedAt, due, shared, manual, cancellationToken);
        }
        var local = new List<int>();
        var global = new List<int>();
        for (var i = 0; i < due.Count; i++)
        {
            (Cluster.RulePlacement.IsHostLocal(due[i].Rule.Prepared, out _) ? local : global).Add(i);
        }
        var records = new RuleExecutionRecord[due.Count];
        void Run(RuleExecutor runner, List<int> chosen)
        {
            if (chosen.Count == 0)
            {
                return;
            }
            var done = runner.Execute(startedAt, chosen.Select(i => due[i]).ToList(), shared, manual, cancellationToken);
            for (var k = 0; k < chosen.Count; k++)
            {
                records[chosen[k]] = done[k];
            }
        }
        Run(executor, local);
        if (Context.Cluster?.IsGlobalActive == true)
        {
            Run(globalExecutor, global);
        }
        else
        {
            foreach (var i in global)
            {
                records[i] = new RuleExecutionRecord
                {
                    Date = startedAt,
                    Status = RuleExecutionStatus.Succeeded,
                    Message = GlobalElsewhereMessage,
                    Manual = manual,
                };
            }
        }
        return records;
    }

    /// <summary>The execution message of a rule not keyed on the host, on a worker without the global lease.</summary>
    public const string GlobalElsewhereMessage = "cluster: not keyed on host.id; runs on the worker holding the global lease";

    /// <summary>Manual run execution times: every interval after the start, up to the end, and the end itself last.</summary>
    public static IReadOnlyList<DateTimeOffset> ManualStarts(DateTimeOffset start, DateTimeOffset end, Duration interval)
    {
        var starts = new List<DateTimeOffset>();
        if (interval.Milliseconds <= 0 || end <= start)
        {
            return starts;
        }
        for (var t = start.AddMilliseconds(interval.Milliseconds); t <= end; t = t.AddMilliseconds(interval.Milliseconds))
        {
            starts.Add(t);
        }
        if (starts.Count == 0 || starts[^1] < end)
        {
            starts.Add(end);
        }
        return starts;
    }

    private async Task RunScheduledAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<DueExecution> due = [];
            List<(ScheduledRule Rule, string Error)> unplanned = [];
            ScanOptions shared;
            lock (gate)
            {
                foreach (var rule in rules)
                {
                    if (rule.State.NextRunAt is { } at && at > now)
                    {
                        continue;
                    }
                    var r = rule.Prepared.Rule;
                    try
                    {
                        due.Add(new DueExecution(rule, ScheduleEmulator.PlanOne(now, rule.State.LastStartedAt, r.From, r.To, r.Interval)));
                    }
                    catch (ArgumentException e)
                    {
                        unplanned.Add((rule, e.Message));
                    }
                }
                shared = SharedOptions();
                busy = true;
            }
            try
            {
                var records = due.Count == 0 ? [] : await Task.Run(() => ExecutePlaced(now, due, shared, manual: false, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                lock (gate)
                {
                    for (var i = 0; i < due.Count; i++)
                    {
                        Complete(due[i].Rule, now, records[i]);
                    }
                    foreach (var (rule, error) in unplanned)
                    {
                        Complete(rule, now, new RuleExecutionRecord { Date = now, Status = RuleExecutionStatus.Failed, Message = error });
                    }
                    SaveLocked();
                }
            }
            finally
            {
                lock (gate)
                {
                    busy = false;
                }
            }
            ApplyRetention(now);
        }
        finally
        {
            exclusive.Release();
            Signal();
        }
    }

    private void Complete(ScheduledRule rule, DateTimeOffset now, RuleExecutionRecord record)
    {
        var state = rule.State;
        state.LastStartedAt = now;
        state.NextRunAt = now.AddMilliseconds(rule.Prepared.Rule.Interval.Milliseconds);
        state.LastExecution = record;
        state.Executions++;
        state.TotalAlerts += record.AlertsCreated;
        if (record.Status != RuleExecutionStatus.Succeeded || record.AlertsCreated > 0)
        {
            Context.Log($"rule {rule.Prepared.Rule.RuleId} ({rule.Prepared.Rule.Name}) execution {Iso(now)}: {record.Status}, " +
                $"{record.Windows} window(s), {record.AlertsCreated} alert(s) created, {record.Duplicates} already stored" +
                (record.Status == RuleExecutionStatus.Succeeded ? "" : ": " + record.Message));
        }
    }

    /// <summary>
    /// Deletes segments no rule can search any more: older than the longest reach back of any rule (its look-back,
    /// the catch-up windows an execution after a gap may add, and its sequences' maxspan) plus <c>--retention</c>.
    /// </summary>
    private void ApplyRetention(DateTimeOffset now)
    {
        TimeSpan reach;
        lock (gate)
        {
            reach = rules.Count == 0 ? TimeSpan.Zero : rules.Max(r => ReachBack(r.Prepared, now));
        }
        var before = now - reach - Context.Options.Retention;
        foreach (var store in Context.GlobalEvents is { } global ? new[] { Context.Events, global } : [Context.Events])
        {
            try
            {
                var deleted = store.DeleteOlderThan(before);
                if (deleted > 0)
                {
                    Context.Log($"retention: {deleted} segment(s) older than {Iso(before)} deleted{(store == Context.Events ? "" : " (global store)")}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotImplementedException)
            {
                Context.Log($"retention: {e.Message}");
            }
        }
    }

    /// <summary>How far before <paramref name="now"/> an execution of the rule at now may search.</summary>
    public static TimeSpan ReachBack(PreparedRule prepared, DateTimeOffset now)
    {
        var rule = prepared.Rule;
        var lookBack = DateMath.TryEvaluate(rule.From, now, roundUp: false, out var from) && from < now ? now - from : TimeSpan.Zero;
        var catchUp = TimeSpan.FromMilliseconds(rule.Interval.Milliseconds * (double)ScheduleEmulator.MaxRuleGapRatio);
        var maxspan = prepared.Matcher is EqlRuleMatcher eql ? TimeSpan.FromTicks(eql.Query.MaxSpanNanos / 100) : TimeSpan.Zero;
        // new_terms searches [history_window_start, from): its segments must be kept as long as the history reaches.
        var history = rule.Type == "new_terms" && Vigil.Detection.RuleTypes.NewTermsSettings.From(rule.Definition, out _) is { } terms &&
            DateMath.TryEvaluate(terms.HistoryWindowStart, now, roundUp: false, out var start) && start < now ? now - start : TimeSpan.Zero;
        return Max(lookBack, history) + catchUp + maxspan;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private ScanOptions SharedOptions()
    {
        var options = Context.Options;
        return new ScanOptions
        {
            SpaceId = options.SpaceId,
            KibanaVersion = options.KibanaVersion,
            PublicBaseUrl = options.PublicBaseUrl,
            SharedExceptions = ruleSet.Exceptions.Items,
            ExceptionLists = ruleSet.Exceptions,
            // Suppression merges into the open alerts of earlier executions, read from the store as Kibana reads its index.
            SuppressedAlerts = Context.Alerts as Vigil.Detection.Suppression.ISuppressedAlertStore,
            // Threshold's signal history is rebuilt from the rule's stored threshold alerts, as Kibana's from its index.
            ThresholdHistory = Context.Alerts as Vigil.Detection.RuleTypes.IThresholdSignalHistory,
            ThreatIndicators = threatIndicators,
        };
    }

    private static RuleRunState Fresh(PreparedRule prepared, string fingerprint, DateTimeOffset now, RuleRunState? before) => new()
    {
        RuleUuid = prepared.Rule.Uuid,
        RuleId = prepared.Rule.RuleId,
        Fingerprint = fingerprint,
        NextRunAt = now,
        TotalAlerts = before?.TotalAlerts ?? 0,
    };

    private static RuleView View(ScheduledRule rule) => new(rule.Prepared, rule.State.LastStartedAt, rule.State.NextRunAt,
        rule.State.LastExecution, rule.State.LastManualRun, rule.State.Executions, rule.State.TotalAlerts);

    private void SaveLocked()
    {
        try
        {
            stateFile.Save(rules.Select(r => r.State));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Context.Log($"rule state: cannot write {stateFile.Path}: {e.Message}");
        }
    }

    private IDisposable? RegisterHangup()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                // Handled: SIGHUP means "reload", not "terminate".
                signal.Cancel = true;
                Context.Log("SIGHUP: reloading rules");
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ReloadAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                    {
                        Context.Log($"reload failed: {e.Message}");
                    }
                });
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private void Wake()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = wake;
            wake = NewSignal();
        }
        fired.TrySetResult();
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = changed;
            changed = NewSignal();
        }
        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Iso(DateTimeOffset? t) => t is { } v ? AlertTime.ToIso(v) : "none";
}
