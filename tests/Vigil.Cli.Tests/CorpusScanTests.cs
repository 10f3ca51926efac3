using System.Text;
using Vigil.Cli.Commands;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Events.Readers;
using Vigil.Rules;
using Vigil.Simulation;

namespace Vigil.Cli.Tests;

/// <summary>
/// Every EQL rule of the detection-rules corpus loads into <c>vigil scan</c> and runs over generated Elastic Defend
/// data without a rule failing to compile or the scan failing (the corpus is read from ../shared when present).
/// </summary>
public sealed class CorpusScanTests
{
    private static string? CorpusFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "detection-rules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        return null;
    }

    [Fact]
    public void EveryEqlRuleOfTheCorpusRunsOverGeneratedDefendData()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return; // The shared corpus is not beside this checkout.
        }
        var work = Directory.CreateTempSubdirectory("vigil-corpus-scan-");
        try
        {
            var events = Path.Combine(work.FullName, "defend.ndjson");
            using (var file = File.Create(events))
            {
                new TelemetryGenerator(new SimulationOptions { Hosts = 3, Events = 1_500, Seed = 5, AttackRate = 500 }).Generate(file);
            }
            using var stdout = new MemoryStream();
            using var stderr = new StringWriter();
            var code = ScanCommand.Run(new ScanCommand.ScanArguments
            {
                Rules = [Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")],
                Events = [events],
                Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
                Stats = true,
                Verbose = true,
            }, stdout, stderr);

            var diagnostics = stderr.ToString();
            Assert.Equal(0, code);
            // Other rule types are reported as not runnable by scan; no EQL or KQL rule may fail to compile or run.
            var failures = diagnostics.Split('\n').Where(line => line.Contains("cannot run", StringComparison.Ordinal)).ToList();
            Assert.Empty(failures);
            // 1,024 EQL rules, the 454 KQL query rules and, by `type` (grep), 241 new_terms, 28 threshold and 6 threat_match
            // rules run (1,753); the other 315 rule files are 209 esql and 106 machine_learning.
            Assert.Contains("[+] 1753 rules loaded; 315 skipped: 209 ES|QL, 106 machine learning", diagnostics, StringComparison.Ordinal);
            // The seed scenario is in the data, so the corpus's own cat rule (maxspan=3s) raises its alert.
            var alerts = Encoding.UTF8.GetString(stdout.ToArray());
            Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", alerts, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void ChunkedReadingWithWorkerFiltersGivesTheLineByLineAlertsForTheWholeCorpus()
    {
        var corpus = CorpusFolder();
        if (corpus is null)
        {
            return;
        }
        var rules = new List<PreparedRule>();
        var problems = new List<string>();
        foreach (var file in RuleLoader.Load([Path.Combine(corpus, "rules"), Path.Combine(corpus, "rules_building_block")]))
        {
            foreach (var loaded in file.Rules)
            {
                if (loaded.Rule is { } rule && RulePreparer.Prepare(rule, problems) is { } prepared && prepared.Matcher is EqlRuleMatcher)
                {
                    rules.Add(prepared);
                }
            }
        }
        Assert.True(rules.Count > 1_000, $"{rules.Count} EQL rules");
        var events = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 3, Events = 3_000, Seed = 9, AttackRate = 300 }).Generate(events);
        var bytes = events.ToArray();
        var options = new ScanOptions { Now = DateTimeOffset.Parse("2026-12-01T00:00:00Z") };

        string Hunt(Func<StreamingHunt, ReaderOptions> reader)
        {
            var hunt = new StreamingHunt(rules, options);
            InputReader.ReadStream(new MemoryStream(bytes), "defend.ndjson", hunt, reader(hunt));
            var result = hunt.Finish();
            var output = new MemoryStream();
            AlertJsonWriter.WriteLines(output, result.Alerts, ".alerts-security.alerts-default");
            Assert.Equal(3_000, hunt.Stats.Records);
            return Encoding.UTF8.GetString(output.ToArray());
        }

        // Line by line: every line reaches the hunt, which runs each rule's literal check itself.
        var reference = Hunt(_ => new ReaderOptions());
        Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", reference, StringComparison.Ordinal);
        foreach (var threads in new[] { 1, 2 })
        {
            var chunked = Hunt(hunt => new ReaderOptions
            {
                Prefilter = hunt.Prefilter,
                WorkerFilter = hunt.WorkerFilter,
                Threads = threads,
                ChunkBytes = 512 << 10,
            });
            Assert.Equal(reference, chunked);
        }
    }
}
