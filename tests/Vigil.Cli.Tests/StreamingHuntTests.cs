using System.Text;
using System.Text.Json;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Eql.Runtime;
using Vigil.Events.Readers;
using Vigil.Rules;
using Vigil.Simulation;

namespace Vigil.Cli.Tests;

/// <summary>
/// The streaming hunt against the collect-all engine on generated Defend data with the cat scenarios: the same
/// alerts byte for byte, every labelled attack found, no near-miss alerted; late events reported; bounded buffers.
/// </summary>
public sealed class StreamingHuntTests(StreamingHuntTests.GeneratedInput generated) : IClassFixture<StreamingHuntTests.GeneratedInput>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z");

    /// <summary>The generated input, written once for the class and deleted after it.</summary>
    public sealed class GeneratedInput : IDisposable
    {
        public GeneratedInput() => Value = Generate();

        public (string Path, GenerationResult Result) Value { get; }

        public void Dispose() => File.Delete(Value.Path);
    }

    private (string Path, GenerationResult Result) Generated => generated.Value;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    private static (string, GenerationResult) Generate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-streaming-{Environment.ProcessId}.ndjson");
        using var file = File.Create(path);
        var result = new TelemetryGenerator(new SimulationOptions { Hosts = 4, Events = 20_000, Seed = 11, AttackRate = 200 }).Generate(file);
        return (path, result);
    }

    private static List<PreparedRule> SeedRules()
    {
        var rules = new List<PreparedRule>();
        var problems = new List<string>();
        foreach (var file in RuleLoader.Load([Path.Combine(RepoRoot(), "rules")]))
        {
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is { } rule && RulePreparer.Prepare(rule, problems) is { } prepared)
                {
                    rules.Add(prepared);
                }
            }
        }
        Assert.NotEmpty(rules);
        return rules;
    }

    private static string Serialize(ScanResult result)
    {
        var stream = new MemoryStream();
        AlertJsonWriter.WriteLines(stream, result.Alerts, ".alerts-security.alerts-default");
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string CollectAll(IReadOnlyList<PreparedRule> rules, IEnumerable<string> inputs)
    {
        var collector = new EventCollector();
        InputReader.Read(inputs, collector, new ReaderOptions { ValidateNdjson = true });
        return Serialize(new DetectionEngine().Run(rules, collector.Events, new ScanOptions { Now = Now }));
    }

    private static (string Alerts, StreamingStats Stats) Stream(IReadOnlyList<PreparedRule> rules, IEnumerable<string> inputs, ReorderOptions? reorder = null, int threads = 0)
    {
        var hunt = new StreamingHunt(rules, new ScanOptions { Now = Now }, null, reorder);
        // threads = 0: the line framer (every line reaches the hunt); otherwise the chunked reader with the hunt's
        // prefilter, as vigil scan reads.
        InputReader.Read(inputs, hunt, threads == 0
            ? new ReaderOptions { ValidateNdjson = true }
            : new ReaderOptions { Prefilter = hunt.Prefilter, Threads = threads, ChunkBytes = 256 << 10 });
        return (Serialize(hunt.Finish()), hunt.Stats);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ChunkedReadingWithThePrefilterGivesTheCollectAllAlerts(int threads)
    {
        var (path, _) = Generated;
        var rules = SeedRules();
        var (actual, stats) = Stream(rules, [path], threads: threads);
        Assert.Equal(CollectAll(rules, [path]), actual);
        Assert.Equal(20_000, stats.Records);
        Assert.True(stats.SkippedByPrefilter > stats.Records / 2, $"prefilter skipped {stats.SkippedByPrefilter} of {stats.Records}");
    }

    [Fact]
    public void StreamingGivesTheCollectAllAlertsAndFindsEveryLabelledAttack()
    {
        var (path, labels) = Generated;
        var rules = SeedRules();
        var expected = CollectAll(rules, [path]);
        var (actual, stats) = Stream(rules, [path]);
        Assert.Equal(expected, actual);
        Assert.Equal(0, stats.LateEvents);
        Assert.True(stats.SkippedByPrefilter > stats.Records / 2, $"prefilter skipped {stats.SkippedByPrefilter} of {stats.Records}");

        var attacks = labels.Scenarios.Where(s => s.ExpectAlert && s.IsComplete).ToList();
        var nearMisses = labels.Scenarios.Where(s => !s.ExpectAlert).ToList();
        Assert.NotEmpty(attacks);
        Assert.NotEmpty(nearMisses);
        foreach (var attack in attacks)
        {
            // A scenario labels its whole process story; the alert holds the sequence's two stages (exec, connection).
            var alerted = attack.EventIds.Count(id => actual.Contains($"\"{id}\"", StringComparison.Ordinal));
            Assert.True(alerted >= 2, $"attack {attack.InstanceId}: {alerted} of its events alerted");
        }
        foreach (var miss in nearMisses)
        {
            Assert.All(miss.EventIds, id => Assert.DoesNotContain($"\"{id}\"", actual, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void JitterWithinTheWindowChangesNothingAndLateEventsAreCounted()
    {
        var (path, _) = Generated;
        var rules = SeedRules();
        var lines = File.ReadAllLines(path);
        var expected = CollectAll(rules, [path]);

        // Swap neighbours (sub-second jitter): the reorder buffer restores time order.
        var jittered = (string[])lines.Clone();
        for (var i = 0; i + 1 < jittered.Length; i += 2)
        {
            (jittered[i], jittered[i + 1]) = (jittered[i + 1], jittered[i]);
        }
        var jitterPath = Path.Combine(Path.GetTempPath(), $"vigil-streaming-jitter-{Environment.ProcessId}.ndjson");
        File.WriteAllLines(jitterPath, jittered);
        var (jitterAlerts, jitterStats) = Stream(rules, [jitterPath]);
        Assert.Equal(CollectAll(rules, [jitterPath]), jitterAlerts);
        Assert.Equal(0, jitterStats.LateEvents);

        // Move the first quarter to the end: far behind the window, so late; still evaluated, and reported.
        var quarter = lines.Length / 4;
        var late = lines.Skip(quarter).Concat(lines.Take(quarter)).ToArray();
        var latePath = Path.Combine(Path.GetTempPath(), $"vigil-streaming-late-{Environment.ProcessId}.ndjson");
        File.WriteAllLines(latePath, late);
        var (_, lateStats) = Stream(rules, [latePath], new ReorderOptions { Window = TimeSpan.FromSeconds(1) });
        Assert.True(lateStats.LateEvents > 0);
        // With a window covering the whole input the collect-all result comes back.
        var (wide, wideStats) = Stream(rules, [latePath], new ReorderOptions { Window = TimeSpan.FromDays(1), MaxEvents = int.MaxValue });
        Assert.Equal(0, wideStats.LateEvents);
        Assert.Equal(expected, wide);
        File.Delete(jitterPath);
        File.Delete(latePath);
    }

    [Fact]
    public void ReorderBuffersStayWithinTheirBound()
    {
        var (path, _) = Generated;
        var rules = SeedRules();
        var (_, stats) = Stream(rules, [path], new ReorderOptions { Window = TimeSpan.FromDays(1), MaxEvents = 8 });
        Assert.InRange(stats.PeakBuffered, 1, rules.Count * 9);
        Assert.True(stats.ForcedReleases > 0);
    }
}
