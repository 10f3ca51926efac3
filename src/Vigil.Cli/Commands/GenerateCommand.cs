using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Vigil.Simulation;

namespace Vigil.Cli.Commands;

/// <summary>`vigil generate`: synthetic Elastic Defend Linux telemetry with labelled cat-network scenarios.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var hosts = new Option<int>("--hosts") { Description = "Number of simulated Linux hosts", DefaultValueFactory = _ => 3 };
        var events = new Option<long>("--events") { Description = "Number of events to write", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same bytes", DefaultValueFactory = _ => 1 };
        var scenarios = new Option<string>("--scenarios")
        {
            Description = "Comma-separated scenarios injected in turn (repeat to weight; 'none' for background only): " +
                          string.Join(", ", ScenarioNames.All.Select(ScenarioNames.NameOf)),
            DefaultValueFactory = _ => "all",
        };
        var attackRate = new Option<long>("--attack-rate") { Description = "One scenario instance per this many events", DefaultValueFactory = _ => 100_000 };
        var output = new Option<string>("--out") { Description = "Output file (.gz compresses); '-' for stdout", Required = true };
        var labels = new Option<string?>("--labels") { Description = "Labels file (JSON lines: scenario, instance, host.id, event ids, expect_alert)" };

        var command = new Command("generate", "Write synthetic Elastic Defend Linux events (NDJSON) with labelled attack scenarios");
        foreach (Option option in new Option[] { hosts, events, seed, scenarios, attackRate, output, labels })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult =>
        {
            int hostCount = parseResult.GetValue(hosts);
            long eventCount = parseResult.GetValue(events);
            long rate = parseResult.GetValue(attackRate);
            if (hostCount < 1 || eventCount < 0 || rate < 1)
            {
                Console.Error.WriteLine("vigil generate: --hosts and --attack-rate must be at least 1, --events at least 0");
                return 2;
            }
            if (!TryParseScenarios(parseResult.GetValue(scenarios) ?? "all", out List<ScenarioKind> kinds, out string? bad))
            {
                Console.Error.WriteLine($"vigil generate: unknown scenario '{bad}'; known: {string.Join(", ", ScenarioNames.All.Select(ScenarioNames.NameOf))}");
                return 2;
            }
            var options = new SimulationOptions
            {
                Hosts = hostCount,
                Events = eventCount,
                Seed = parseResult.GetValue(seed),
                Scenarios = kinds,
                AttackRate = rate,
            };
            string path = parseResult.GetValue(output)!;
            string? labelsPath = parseResult.GetValue(labels);
            try
            {
                var clock = Stopwatch.StartNew();
                GenerationResult result;
                using (Stream target = Open(path))
                {
                    result = new TelemetryGenerator(options).Generate(target);
                }
                double seconds = clock.Elapsed.TotalSeconds;
                if (labelsPath is not null)
                {
                    using Stream labelStream = File.Create(labelsPath);
                    TelemetryGenerator.WriteLabels(result.Scenarios, labelStream);
                }
                int alerts = result.Scenarios.Count(s => s.ExpectAlert);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"generated {result.Events} events ({result.Bytes / 1e6:F1} MB) on {hostCount} hosts in {seconds:F2} s ({result.Bytes / 1e6 / Math.Max(seconds, 1e-9):F0} MB/s); " +
                    $"{result.Scenarios.Count} scenario instances, {alerts} expecting an alert"));
                return 0;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"vigil generate: {Vigil.Cli.Input.ErrorWords.Describe(exception, parseResult.GetValue(output) ?? "--out")}");
                return 1;
            }
        });
        return command;
    }

    private static Stream Open(string path)
    {
        if (path == "-")
        {
            return Console.OpenStandardOutput();
        }
        Stream file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }

    private static bool TryParseScenarios(string text, out List<ScenarioKind> kinds, out string? bad)
    {
        kinds = [];
        bad = null;
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            kinds.AddRange(ScenarioNames.All);
            return true;
        }
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            return true;
        }
        foreach (string name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ScenarioNames.TryParse(name, out ScenarioKind kind))
            {
                bad = name;
                return false;
            }
            kinds.Add(kind);
        }
        return true;
    }
}
