using System.Text;
using Vigil.Cli.Commands;
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
            }, stdout, stderr);

            var diagnostics = stderr.ToString();
            Assert.Equal(0, code);
            // Non-EQL rules are reported as not runnable by scan; no EQL rule may fail to compile or run.
            var failures = diagnostics.Split('\n').Where(line => line.Contains("cannot run", StringComparison.Ordinal)).ToList();
            Assert.Empty(failures);
            Assert.Contains("[+] 1024 rule(s) ready", diagnostics, StringComparison.Ordinal);
            // The seed scenario is in the data, so the corpus's own cat rule (maxspan=3s) raises its alert.
            var alerts = Encoding.UTF8.GetString(stdout.ToArray());
            Assert.Contains("afd04601-12fc-4149-9b78-9c3f8fe45d39", alerts, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
