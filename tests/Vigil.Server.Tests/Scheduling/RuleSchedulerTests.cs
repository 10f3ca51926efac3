using System.Text.Json.Nodes;
using Vigil.Detection.Engine;
using Vigil.Server.Scheduling;
using static Vigil.Server.Tests.Scheduling.ScheduleTestData;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>
/// The scheduler against the collect-all schedule path (<c>scan --schedule</c>, <see cref="DetectionEngine.Run"/>) over
/// the same events, and against hand-computed windows, gaps and messages.
/// </summary>
public sealed class RuleSchedulerTests
{
    private static readonly TimeSpan Five = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_seed_rule_on_a_five_minute_clock_raises_what_scan_schedule_raises_once_each()
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var (events, expectedSequences) = SpreadFixtures(start + TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(97));
        Assert.True(expectedSequences >= 12, "the fixtures hold many alert scenarios");
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], start);
        await h.IdleAsync();
        var times = new List<DateTimeOffset> { start };
        var pending = events.OrderBy(e => e.Time).ToList();
        var random = new Random(11);
        for (var step = 1; step <= 20; step++)
        {
            var t = start + Five * step;
            // Shippers deliver late (30 s here) and out of order within a batch.
            var batch = pending.Where(e => e.Time <= t - TimeSpan.FromSeconds(30)).ToList();
            pending.RemoveAll(batch.Contains);
            var shuffled = batch.OrderBy(_ => random.Next()).Select(e => e.ToIncoming(t - TimeSpan.FromSeconds(10))).ToList();
            h.Events.Append(shuffled);
            await h.AdvanceAsync(Five);
            times.Add(t);
        }
        Assert.Empty(pending);

        var oracle = Oracle([SeedRule], h.Events.All, times);
        Assert.Equal(expectedSequences, oracle.Alerts.Count(a => a.IsShell));
        Assert.Equal(oracle.Alerts.Select(a => a.Id), h.Alerts.Stored.Select(a => a.Id));
        // Whole documents too: the same execution wrote each alert first (its @timestamp and execution uuid).
        Assert.Equal(oracle.Alerts.Select(a => a.Source.ToJsonObject().ToJsonString()), h.Alerts.Stored.Select(a => a.Source.ToJsonObject().ToJsonString()));
        // Overlapping look-backs found alerts again; the store kept each once.
        Assert.True(h.Alerts.Offered > h.Alerts.Count, $"offered {h.Alerts.Offered}, stored {h.Alerts.Count}");
        // The alerts name the stored envelope ids, not ids derived from the bytes.
        var shell = h.Alerts.Stored.First(a => a.IsShell);
        var eventAncestors = ((JsonArray)shell.Source["kibana.alert.ancestors"]!).Where(a => a!["type"]!.GetValue<string>() == "event").ToList();
        Assert.Equal(2, eventAncestors.Count);
        Assert.All(eventAncestors, a => Assert.StartsWith("fx", a!["id"]!.GetValue<string>(), StringComparison.Ordinal));

        var view = Assert.Single(h.Scheduler.Rules);
        Assert.Equal(times.Count, view.Executions);
        Assert.Equal(h.Alerts.Count, view.TotalAlerts);
        Assert.Equal(RuleExecutionStatus.Succeeded, view.LastExecution!.Status);
        Assert.Equal(start + Five * 20, view.LastStartedAt);
        Assert.Equal(start + Five * 21, view.NextRunAt);
    }

    [Fact]
    public async Task The_defend_sample_raises_the_three_cat_sequences_scan_finds()
    {
        using var temp = new TempFolder();
        var start = DateTimeOffset.Parse("2026-11-27T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], start);
        await h.IdleAsync();
        var stored = new List<Vigil.Server.Store.IncomingEvent>();
        var line = 0;
        foreach (var text in File.ReadLines(Path.Combine(RepoRoot(), "examples", "defend-linux-sample.ndjson")))
        {
            line++;
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            var index = Vigil.Events.Readers.EventIndex.Resolve([], bytes, null) ?? "";
            stored.Add(new Vigil.Server.Store.IncomingEvent(index, $"defend-{line:D5}", bytes, null, start + TimeSpan.FromMinutes(3)));
        }
        h.Events.Append(stored);
        await h.AdvanceAsync(Five);

        // `vigil scan --rules rules examples/` gives 3 sequence alerts and their 6 building blocks (README).
        Assert.Equal(3, h.Alerts.Stored.Count(a => a.IsShell));
        Assert.Equal(6, h.Alerts.Stored.Count(a => a.IsBuildingBlock));
        var oracle = Oracle([SeedRule], h.Events.All, [start, start + Five]);
        Assert.Equal(oracle.Alerts.Select(a => a.Id), h.Alerts.Stored.Select(a => a.Id));
    }

    [Fact]
    public async Task A_sequence_straddling_an_execution_boundary_is_found_by_the_next_execution()
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var boundary = start + Five;
        var (exec, network) = CatPair(boundary - TimeSpan.FromMilliseconds(100));
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], start);
        await h.IdleAsync();

        // The exec arrives before the execution at the boundary, the connection only after it.
        h.Events.Append([exec.ToIncoming(boundary - TimeSpan.FromMilliseconds(50))]);
        await h.AdvanceAsync(Five);
        Assert.Equal(0, h.Alerts.Count);
        h.Events.Append([network.ToIncoming(boundary + TimeSpan.FromSeconds(1))]);
        await h.AdvanceAsync(Five);

        var shells = h.Alerts.Stored.Where(a => a.IsShell).ToList();
        Assert.Single(shells);
        Assert.Equal(3, h.Alerts.Count);
        var oracle = Oracle([SeedRule], h.Events.All, [start, start + Five, start + 2 * Five]);
        Assert.Equal(oracle.Alerts.Select(a => a.Id), h.Alerts.Stored.Select(a => a.Id));
    }

    [Fact]
    public async Task Events_stored_out_of_time_order_still_form_the_sequence()
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var (exec, network) = CatPair(start + TimeSpan.FromMinutes(2));
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], start);
        await h.IdleAsync();
        // The connection is stored first, then a later cat exec (a minute on, far beyond scan's 5 s reorder window),
        // then the exec that precedes the connection.
        var later = CatPair(start + TimeSpan.FromMinutes(3)).Exec;
        h.Events.Append([network.ToIncoming(start + TimeSpan.FromMinutes(3))]);
        h.Events.Append([later.ToIncoming(start + TimeSpan.FromMinutes(3))]);
        h.Events.Append([exec.ToIncoming(start + TimeSpan.FromMinutes(4))]);
        await h.AdvanceAsync(Five);

        Assert.Single(h.Alerts.Stored, a => a.IsShell);
        var oracle = Oracle([SeedRule], h.Events.All, [start, start + Five]);
        Assert.Equal(oracle.Alerts.Select(a => a.Id), h.Alerts.Stored.Select(a => a.Id));
    }

    [Fact]
    public async Task A_restart_resumes_from_the_persisted_state()
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var events = new FakeSegmentStore(temp.Sub("events"));
        var alerts = new FakeAlertStore();
        await using (var first = new SchedulerHarness(temp.Sub("data"), [SeedRule], start, events, alerts))
        {
            await first.IdleAsync();
            await first.AdvanceAsync(Five);
            Assert.Equal(2, Assert.Single(first.Scheduler.Rules).Executions);
        }
        Assert.True(File.Exists(Path.Combine(temp.Sub("data"), RuleScheduler.StateFileName)));

        // Back before the next execution was due: it waits for it, then runs it with no gap.
        await using var second = new SchedulerHarness(temp.Sub("data"), [SeedRule], start + Five + TimeSpan.FromMinutes(2), events, alerts);
        await second.IdleAsync();
        var waiting = Assert.Single(second.Scheduler.Rules);
        Assert.Equal(2, waiting.Executions);
        Assert.Equal(start + 2 * Five, waiting.NextRunAt);
        await second.AdvanceAsync(TimeSpan.FromMinutes(3));
        var view = Assert.Single(second.Scheduler.Rules);
        Assert.Equal(3, view.Executions);
        Assert.Equal(start + 2 * Five, view.LastStartedAt);
        Assert.Equal(1, view.LastExecution!.Windows);
        Assert.Equal(RuleExecutionStatus.Succeeded, view.LastExecution.Status);
        Assert.Null(view.LastExecution.GapDurationSeconds);
    }

    [Fact]
    public async Task A_long_stop_gives_the_catch_up_windows_and_Kibanas_gap_failure()
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var events = new FakeSegmentStore(temp.Sub("events"));
        var alerts = new FakeAlertStore();
        await using (var first = new SchedulerHarness(temp.Sub("data"), [SeedRule], start, events, alerts))
        {
            await first.IdleAsync();
        }
        var restart = start + TimeSpan.FromHours(2);
        // A sequence 25 minutes before the restart: only a catch-up window can see it.
        var (exec, network) = CatPair(restart - TimeSpan.FromMinutes(25));
        events.Append([exec.ToIncoming(restart - TimeSpan.FromMinutes(25)), network.ToIncoming(restart - TimeSpan.FromMinutes(25))]);
        events.Searches.Clear();

        await using var second = new SchedulerHarness(temp.Sub("data"), [SeedRule], restart, events, alerts);
        await second.IdleAsync();
        var view = Assert.Single(second.Scheduler.Rules);
        var last = view.LastExecution!;
        // 2 h since the last start, 9 m covered by the regular window: 111 m; 4 catch-up windows of 5 m cover 20 m;
        // 91 m = 5,460,000 ms remain, which moment's humanize calls "2 hours".
        Assert.Equal(RuleExecutionStatus.Failed, last.Status);
        Assert.Equal(30, last.StatusOrder);
        Assert.Equal("2 hours (5460000ms) were not queried between this rule execution and the last execution, so signals may have been missed. Consider increasing your look behind time or adding more Kibana instances",
            last.Message);
        Assert.Equal(5460, last.GapDurationSeconds);
        Assert.Equal(start, last.GapFrom);
        Assert.Equal(start + TimeSpan.FromMinutes(91), last.GapTo);
        Assert.Equal(5, last.Windows);
        var expectedWindows = new[] { 29, 24, 19, 14, 9 }.Select(m => (restart - TimeSpan.FromMinutes(m), restart - TimeSpan.FromMinutes(m - 9))).ToList();
        Assert.Equal(expectedWindows, events.Searches);
        Assert.Single(alerts.Stored, a => a.IsShell);
        Assert.Contains(second.Log, l => l.Contains("failed", StringComparison.Ordinal) && l.Contains("were not queried", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Max_signals_keeps_the_latest_matches_and_reports_a_partial_failure()
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var rule = WriteRule(temp.Sub("cat.ndjson"), "sched-max-signals", "process where process.name == \"cat\"", maxSignals: 2);
        await using var h = new SchedulerHarness(temp.Sub("data"), [rule], start);
        await h.IdleAsync();
        var (exec, _) = CatPair(start);
        var cats = Enumerable.Range(0, 5)
            .Select(i => Moved(exec.Source, TimeSpan.FromSeconds(10 * (i + 1)), $"cat-{i}").ToIncoming(start + TimeSpan.FromMinutes(1)))
            .ToList();
        h.Events.Append(cats);
        await h.AdvanceAsync(Five);

        var last = Assert.Single(h.Scheduler.Rules).LastExecution!;
        Assert.Equal(RuleExecutionStatus.PartialFailure, last.Status);
        Assert.Equal(20, last.StatusOrder);
        Assert.Equal("This rule reached the maximum alert limit for the rule execution. Some alerts were not created.", last.Message);
        Assert.Equal(2, last.AlertsCreated);
        var oracle = Oracle([rule], h.Events.All, [start, start + Five]);
        Assert.Equal(oracle.Alerts.Select(a => a.Id), h.Alerts.Stored.Select(a => a.Id));
        // The latest two: cat-3 and cat-4.
        Assert.Equal(["cat-3", "cat-4"], h.Alerts.Stored.Select(a => ((JsonArray)a.Source["kibana.alert.ancestors"]!)[0]!["id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_manual_run_searches_a_past_range_every_interval()
    {
        using var temp = new TempFolder();
        var start = FixtureTime + TimeSpan.FromHours(3);
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], start);
        await h.IdleAsync();
        var (events, _) = SpreadFixtures(FixtureTime, TimeSpan.FromSeconds(20));
        h.Events.Append(events.Select(e => e.ToIncoming(e.Time)).ToList());
        await h.IdleAsync();
        Assert.Equal(0, h.Alerts.Count);

        var uuid = Assert.Single(h.Scheduler.Rules).Prepared.Rule.Uuid;
        var from = FixtureTime - TimeSpan.FromMinutes(2);
        var to = FixtureTime + TimeSpan.FromMinutes(20);
        var outcome = await h.Scheduler.RunManualAsync([uuid, "no-such-rule"], from, to, CancellationToken.None);

        Assert.Equal(["no-such-rule"], outcome.NotFound);
        var (_, executions) = Assert.Single(outcome.Ran);
        // Every 5 m after the start (10:03, 10:08, 10:13, 10:18) and the end itself (10:20).
        var times = new[] { 3, 8, 13, 18, 20 }.Select(m => FixtureTime + TimeSpan.FromMinutes(m)).ToList();
        Assert.Equal(times, executions.Select(e => e.Date));
        var oracle = Oracle([SeedRule], h.Events.All, times);
        Assert.True(oracle.Alerts.Count > 0);
        Assert.Equal(oracle.Alerts.Select(a => a.Id), h.Alerts.Stored.Select(a => a.Id));
        var view = Assert.Single(h.Scheduler.Rules);
        Assert.Equal(1, view.Executions);
        Assert.Equal(start + Five, view.NextRunAt);
        Assert.True(view.LastManualRun!.Manual);
    }

    [Fact]
    public async Task A_reload_starts_new_rules_stops_removed_ones_and_restarts_changed_ones()
    {
        using var temp = new TempFolder();
        var folder = temp.Sub("rules");
        Directory.CreateDirectory(folder);
        var a = WriteRule(Path.Combine(folder, "a.ndjson"), "sched-a", "process where process.name == \"cat\"");
        var start = FixtureTime;
        await using var h = new SchedulerHarness(temp.Sub("data"), [folder], start);
        await h.IdleAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(["sched-a"], h.Scheduler.Rules.Select(r => r.Prepared.Rule.RuleId));

        WriteRule(Path.Combine(folder, "b.ndjson"), "sched-b", "network where true", interval: "1m");
        await h.Scheduler.ReloadAsync();
        await h.IdleAsync();
        var views = h.Scheduler.Rules;
        Assert.Equal(["sched-a", "sched-b"], views.Select(r => r.Prepared.Rule.RuleId));
        Assert.Equal(1, views[0].Executions);
        Assert.Equal(start, views[0].LastStartedAt);
        Assert.Equal(1, views[1].Executions);
        Assert.Equal(start + TimeSpan.FromMinutes(2), views[1].LastStartedAt);

        File.Delete(a);
        WriteRule(Path.Combine(folder, "b.ndjson"), "sched-b", "network where true", interval: "1m", version: 2);
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        await h.Scheduler.ReloadAsync();
        await h.IdleAsync();
        var after = Assert.Single(h.Scheduler.Rules);
        Assert.Equal("sched-b", after.Prepared.Rule.RuleId);
        Assert.Equal(1, after.Executions);
        Assert.Equal(start + TimeSpan.FromMinutes(2.5), after.LastStartedAt);
        Assert.Contains(h.Log, l => l.StartsWith("rule removed: sched-a", StringComparison.Ordinal));
        Assert.Contains(h.Log, l => l.StartsWith("rule changed: sched-b", StringComparison.Ordinal));
        Assert.Contains(h.Log, l => l.StartsWith("rule loaded: sched-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rule_that_cannot_run_is_logged_with_its_reason_and_the_others_run()
    {
        using var temp = new TempFolder();
        var folder = temp.Sub("rules");
        Directory.CreateDirectory(folder);
        WriteRule(Path.Combine(folder, "good.ndjson"), "sched-good", "process where true");
        WriteRule(Path.Combine(folder, "bad.ndjson"), "sched-bad", "process where (");
        await using var h = new SchedulerHarness(temp.Sub("data"), [folder], FixtureTime);
        await h.IdleAsync();
        Assert.Equal(["sched-good"], h.Scheduler.Rules.Select(r => r.Prepared.Rule.RuleId));
        Assert.Contains(h.Log, l => l.StartsWith("rule skipped:", StringComparison.Ordinal) && l.Contains("sched-bad", StringComparison.Ordinal));
        Assert.Contains(h.Log, l => l.StartsWith("rule loaded: sched-good", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("logs-endpoint.events.process-default", 1)]
    [InlineData("logs-other.events-default", 0)]
    public async Task The_stored_envelope_index_decides_which_rules_search_an_event(string storedIndex, int expectedShells)
    {
        using var temp = new TempFolder();
        var start = FixtureTime;
        var (exec, network) = CatPair(start + TimeSpan.FromMinutes(2));
        // Without data_stream fields, only the envelope kept beside the source names the index.
        exec.Source.Remove("data_stream");
        network.Source.Remove("data_stream");
        await using var h = new SchedulerHarness(temp.Sub("data"), [SeedRule], start);
        await h.IdleAsync();
        h.Events.Append(new[]
        {
            exec with { Index = storedIndex },
            network with { Index = storedIndex.Replace("process", "network", StringComparison.Ordinal) },
        }.Select(e => e.ToIncoming(start + TimeSpan.FromMinutes(3))).ToList());
        await h.AdvanceAsync(Five);
        Assert.Equal(expectedShells, h.Alerts.Stored.Count(a => a.IsShell));
        if (expectedShells > 0)
        {
            var block = h.Alerts.Stored.First(a => a.IsBuildingBlock);
            Assert.Equal(storedIndex, ((JsonArray)block.Source["kibana.alert.ancestors"]!)[0]!["index"]!.GetValue<string>());
        }
    }

    /// <summary>The seed fixture "cat started by bash, then connects out 300 ms later", moved so the exec is at <paramref name="execAt"/>.</summary>
    private static (TimedEvent Exec, TimedEvent Network) CatPair(DateTimeOffset execAt)
    {
        var lines = File.ReadLines(Path.Combine(SeedFixtures, "bash_parent_public_ipv4.alert.ndjson"))
            .Select(l => JsonNode.Parse(l) as JsonObject)
            .Where(o => o is not null && !o.ContainsKey("//"))
            .ToList();
        Assert.Equal(2, lines.Count);
        var execTime = DateTimeOffset.Parse(lines[0]!["@timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var offset = execAt - execTime;
        return (Moved(lines[0]!, offset, "pair-exec-" + execAt.ToUnixTimeMilliseconds()),
            Moved(lines[1]!, offset, "pair-net-" + execAt.ToUnixTimeMilliseconds()));
    }
}
