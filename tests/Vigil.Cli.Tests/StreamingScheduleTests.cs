using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Rules;
using Vigil.Simulation;

namespace Vigil.Cli.Tests;

/// <summary>
/// The streaming schedule (<see cref="DetectionSession"/>, windows as streaming consumers) against the collect-all
/// reference (<see cref="EventCollector"/> + <see cref="DetectionEngine.Run"/>): the same alert bytes, the same rule
/// messages (max_signals warnings, gaps) and execution counts, on the seed fixtures, the example capture, a
/// generated capture, and random event times with missed executions and small max_signals.
/// </summary>
public sealed class StreamingScheduleTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    private static List<PreparedRule> Load(string path, int take = int.MaxValue)
    {
        var rules = new List<PreparedRule>();
        var problems = new List<string>();
        foreach (var file in RuleLoader.Load([path]))
        {
            foreach (var loaded in file.Rules)
            {
                if (rules.Count < take && loaded.Rule is { } rule && RulePreparer.Prepare(rule, problems) is { Matcher: EqlRuleMatcher } prepared)
                {
                    rules.Add(prepared);
                }
            }
        }
        Assert.NotEmpty(rules);
        return rules;
    }

    private static List<PreparedRule> SeedRules() => Load(Path.Combine(RepoRoot(), "rules"));

    private static PreparedRule WithMaxSignals(PreparedRule rule, int maxSignals)
    {
        var json = rule.Rule.Definition.DeepClone().AsObject();
        json["max_signals"] = maxSignals;
        var problems = new List<string>();
        return RulePreparer.Prepare(json, "", problems) ?? throw new InvalidOperationException(string.Join('\n', problems));
    }

    private static string AlertLines(ScanResult result)
    {
        var stream = new MemoryStream();
        AlertJsonWriter.WriteLines(stream, result.Alerts, ".alerts-security.alerts-default");
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Render(ScanResult result)
    {
        var stream = new MemoryStream();
        AlertJsonWriter.WriteLines(stream, result.Alerts, ".alerts-security.alerts-default");
        var text = new StringBuilder(Encoding.UTF8.GetString(stream.ToArray()));
        foreach (var m in result.Messages)
        {
            text.Append("message ").Append(m.RuleId).Append(' ').Append(m.ExecutionStartedAt?.ToString("O")).Append(' ')
                .Append(m.IsError).Append(' ').AppendLine(m.Text);
        }
        foreach (var s in result.Stats)
        {
            text.Append("stats ").Append(s.RuleId).Append(' ').Append(s.Executions).Append(' ').Append(s.Matches).Append(' ')
                .Append(s.AlertsCreated).Append(' ').Append(s.DuplicatesDropped).Append(' ').AppendLine(s.TruncatedByMaxSignals.ToString());
        }
        return text.ToString();
    }

    private static string Reference(IReadOnlyList<PreparedRule> rules, Func<IRecordSink, ReadSummary> read, ScanOptions options)
    {
        var collector = new EventCollector();
        read(collector);
        return Render(new DetectionEngine().Run(rules, collector.Events, options));
    }

    private static (string Text, int Emitted, DetectionSession Session) Streaming(IReadOnlyList<PreparedRule> rules, Func<IRecordSink, ReadSummary> read, ScanOptions options)
    {
        var emitted = 0;
        var session = new DetectionSession(rules, options, new DetectionSessionOptions { OnAlert = (_, _) => emitted++ });
        read(session);
        var result = session.Finish();
        Assert.Equal(result.Alerts.Count, emitted);
        return (Render(result), emitted, session);
    }

    private static Func<IRecordSink, ReadSummary> Files(params string[] paths) =>
        sink => InputReader.Read(paths, sink, new ReaderOptions { ValidateNdjson = true });

    private static Func<IRecordSink, ReadSummary> Bytes(byte[] bytes) =>
        sink => InputReader.ReadStream(new MemoryStream(bytes), "events.ndjson", sink, new ReaderOptions { ValidateNdjson = true });

    private static readonly ScanOptions Schedule = new() { Schedule = true, Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z") };

    [Fact]
    public void SeedFixturesGiveTheCollectAllScheduleAlerts()
    {
        var rules = SeedRules();
        var fixtures = Directory.GetFiles(Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.fixtures"), "*.ndjson");
        Array.Sort(fixtures, StringComparer.Ordinal);
        Assert.True(fixtures.Length > 5);
        var alerting = 0;
        foreach (var fixture in fixtures)
        {
            var expected = Reference(rules, Files(fixture), Schedule);
            var (actual, emitted, _) = Streaming(rules, Files(fixture), Schedule);
            Assert.Equal(expected, actual);
            alerting += emitted > 0 ? 1 : 0;
        }
        Assert.True(alerting > 0, "no fixture alerted");
        // All fixtures at once, one schedule over them.
        Assert.Equal(Reference(rules, Files(fixtures), Schedule), Streaming(rules, Files(fixtures), Schedule).Text);
    }

    [Fact]
    public void ExampleCaptureGivesTheCollectAllScheduleAlerts()
    {
        var rules = SeedRules();
        var sample = Path.Combine(RepoRoot(), "examples", "defend-linux-sample.ndjson");
        var expected = Reference(rules, Files(sample), Schedule);
        var (actual, emitted, session) = Streaming(rules, Files(sample), Schedule);
        Assert.Equal(expected, actual);
        // The example holds three cat attacks: three sequences of shell + two building blocks.
        Assert.Equal(9, emitted);
        Assert.Equal(0, session.Stats.LateEvents);
        // With max_signals 1 each execution keeps only its latest sequence, and says so.
        var limited = rules.Select(r => WithMaxSignals(r, 1)).ToList();
        Assert.Equal(Reference(limited, Files(sample), Schedule), Streaming(limited, Files(sample), Schedule).Text);
    }

    [Fact]
    public void AClockClosesWindowsWithoutNewEventsAndAlertsAreHandedOutBeforeTheEnd()
    {
        var rules = SeedRules();
        var sample = Path.Combine(RepoRoot(), "examples", "defend-linux-sample.ndjson");
        var collector = new EventCollector();
        Files(sample)(collector);
        var expected = AlertLines(new DetectionEngine().Run(rules, collector.Events, Schedule));
        var emitted = new List<AlertDocument>();
        var session = new DetectionSession(rules, Schedule, new DetectionSessionOptions { OnAlert = (_, a) => emitted.Add(a) });
        Files(sample)(session);
        var latest = File.ReadLines(sample).Where(l => l.Length > 0)
            .Max(l => DateTimeOffset.Parse(JsonNode.Parse(l)!["@timestamp"]!.GetValue<string>()));
        // The capture spans two minutes: its attacks are in the second execution's window, which ends after the last
        // event, so no event closes it.
        Assert.Empty(emitted);
        session.AdvanceClock(latest.AddMinutes(20));
        Assert.Equal(9, emitted.Count);
        var result = session.Finish();
        Assert.Equal(9, emitted.Count);
        // The same alerts as the collect-all schedule (the clock ran more, empty, executions than the input needed).
        Assert.Equal(expected, AlertLines(result));
    }

    [Fact]
    public void GeneratedCaptureGivesTheCollectAllScheduleAlertsWithBoundedWindows()
    {
        var events = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 4, Events = 20_000, Seed = 11, AttackRate = 200 }).Generate(events);
        var bytes = events.ToArray();
        var rules = SeedRules();
        var expected = Reference(rules, Bytes(bytes), Schedule);
        var (actual, emitted, session) = Streaming(rules, Bytes(bytes), Schedule);
        Assert.Equal(expected, actual);
        Assert.True(emitted > 0);
        // 5m/now-9m: an event belongs to at most two windows, so at most three are ever open (one planned ahead).
        Assert.InRange(session.PeakOpenWindows, 1, 3);

        // Corpus rules (event queries and sequences) over the same capture, when the shared corpus is beside us.
        var corpus = CorpusLinux();
        if (corpus is not null)
        {
            var many = Load(corpus, take: 10);
            Assert.Equal(Reference(many, Bytes(bytes), Schedule), Streaming(many, Bytes(bytes), Schedule).Text);
        }
    }

    private static string? CorpusLinux()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "detection-rules", "rules", "linux");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return null;
    }

    /// <summary>
    /// Random attack times over two hours (in time order, with jitter inside the reorder window), random missed
    /// executions, small max_signals: the streaming schedule always writes the reference's bytes.
    /// </summary>
    [Fact]
    public void RandomTimesMissedExecutionsAndSmallMaxSignalsGiveTheCollectAllScheduleAlerts()
    {
        var fixtures = Path.Combine(RepoRoot(), "rules", "linux", "command_and_control_cat_network_activity.fixtures");
        var attack = File.ReadAllLines(Path.Combine(fixtures, "bash_parent_public_ipv4.alert.ndjson")).Skip(1).Where(l => l.Length > 0).ToArray();
        var quiet = Directory.GetFiles(fixtures, "*.quiet.ndjson").SelectMany(f => File.ReadAllLines(f).Skip(1)).Where(l => l.Length > 0).ToArray();
        Assert.Equal(2, attack.Length);
        var seed = SeedRules()[0];
        var origin = DateTimeOffset.Parse("2026-11-27T10:00:00Z");

        var gen = Gen.Select(
            Gen.Select(Gen.Long[0, 2 * 3_600_000], Gen.Int[0, 800], Gen.Bool).Array[1, 12],
            Gen.Long[0, 2 * 3_600_000].Array[0, 20],
            Gen.Int[1, 3],
            Gen.Bool,
            Gen.Int[0, 3].Array[30],
            Gen.Int[1, 20]);
        int withGaps = 0, withMaxSignals = 0, withAlerts = 0;
        gen.Sample((attacks, noise, maxSignals, explicitTimes, drops, hole) =>
        {
            var lines = new List<(long Ms, string Line)>();
            for (var i = 0; i < attacks.Length; i++)
            {
                var (at, gap, sameEntity) = attacks[i];
                var entity = sameEntity ? "shared-entity" : $"entity-{i}";
                lines.Add((at, Rewrite(attack[0], origin.AddMilliseconds(at), entity, $"a{i}-0")));
                lines.Add((at + gap, Rewrite(attack[1], origin.AddMilliseconds(at + gap), entity, $"a{i}-1")));
            }
            for (var i = 0; i < noise.Length; i++)
            {
                lines.Add((noise[i], Rewrite(quiet[i % quiet.Length], origin.AddMilliseconds(noise[i]), $"noise-{i}", $"n{i}")));
            }
            // Time order, with neighbours less than a second apart swapped (jitter inside the 5 s reorder window).
            lines.Sort((a, b) => a.Ms.CompareTo(b.Ms));
            for (var i = 1; i < lines.Count; i += 2)
            {
                if (lines[i].Ms - lines[i - 1].Ms < 1000)
                {
                    (lines[i], lines[i - 1]) = (lines[i - 1], lines[i]);
                }
            }
            var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => l.Line)) + "\n");
            var rules = new[] { WithMaxSignals(seed, maxSignals) };
            var options = Schedule;
            if (explicitTimes)
            {
                // Regular 5-minute runs from a minute before the first event, some missed (a 0 drops a run: catch-up
                // windows), and a hole of six runs (more than four intervals: a gap Kibana reports).
                var first = origin.AddMilliseconds(lines.Min(l => l.Ms)).AddMinutes(-1);
                var times = new List<DateTimeOffset>();
                for (var k = 0; k < drops.Length; k++)
                {
                    if (k == 0 || (drops[k] != 0 && (k < hole || k >= hole + 6)))
                    {
                        times.Add(first.AddMinutes(5 * k));
                    }
                }
                options = options with { ExecutionTimes = times };
            }
            var expected = Reference(rules, Bytes(bytes), options);
            var (actual, emitted, _) = Streaming(rules, Bytes(bytes), options);
            Assert.Equal(expected, actual);
            withGaps += expected.Contains("were not queried", StringComparison.Ordinal) ? 1 : 0;
            withMaxSignals += expected.Contains(DetectionEngine.MaxSignalsWarning, StringComparison.Ordinal) ? 1 : 0;
            withAlerts += emitted > 0 ? 1 : 0;
        }, iter: 60, threads: 1);
        // The property reached what it is about: gaps, max_signals cuts, alerts.
        Assert.True(withGaps > 0 && withMaxSignals > 0 && withAlerts > 0, $"gaps {withGaps}, max_signals {withMaxSignals}, alerts {withAlerts}");
    }

    private static string Rewrite(string line, DateTimeOffset time, string entity, string eventId)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node["@timestamp"] = AlertTime.ToIso(time);
        if (node["process"] is JsonObject process)
        {
            process["entity_id"] = entity;
        }
        if (node["event"] is JsonObject ev)
        {
            ev["id"] = eventId;
        }
        return node.ToJsonString();
    }
}
