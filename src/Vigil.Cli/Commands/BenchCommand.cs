using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vigil.Cli.Bench;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil bench</c>: throughput over one events file, in one run: the tokenize-only baseline, the prefilter
/// scan alone, and the rule set with and without the prefilter, each as MB/s, events/s and a ratio to the baseline.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] AllPhases = ["tokenize", "scan", "prefilter", "full", "pipeline"];

    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "NDJSON events file (one event per line)", Required = true };
        var rules = new Option<string[]>("--rules") { Description = "Rule files or folders (TOML); their EQL rules are run", AllowMultipleArgumentsPerToken = true };
        var query = new Option<string?>("--query") { Description = "One EQL query to run (instead of, or with, --rules)" };
        var phases = new Option<string>("--phases")
        {
            Description = "Comma-separated passes: tokenize, scan, prefilter, full, pipeline (the scan's reader: 1 thread, then --threads)",
            DefaultValueFactory = _ => string.Join(',', AllPhases),
        };
        var chunk = new Option<int>("--chunk-mb") { Description = "Read buffer size in MiB", DefaultValueFactory = _ => 32 };
        var calibrate = new Option<bool>("--no-calibrate") { Description = "Keep the static anchor guess instead of sampling the file's first 4 MiB" };
        var threads = new Option<int>("--threads") { Description = "Reader threads of the second pipeline pass", DefaultValueFactory = _ => ScanCommand.DefaultThreads };
        var plan = new Option<bool>("--plan") { Description = "Print the prefilter plan of the rule set to stderr" };
        var command = new Command("bench", "Measure throughput: tokenize baseline, prefilter scan, rules with and without the prefilter");
        command.Options.Add(events);
        command.Options.Add(rules);
        command.Options.Add(query);
        command.Options.Add(phases);
        command.Options.Add(chunk);
        command.Options.Add(calibrate);
        command.Options.Add(plan);
        command.Options.Add(threads);
        command.SetAction(parsed => Run(
            parsed.GetValue(events)!, parsed.GetValue(rules) ?? [], parsed.GetValue(query), parsed.GetValue(phases)!,
            parsed.GetValue(chunk), !parsed.GetValue(calibrate), parsed.GetValue(plan), parsed.GetValue(threads)));
        return command;
    }

    private static int Run(string eventsPath, string[] rulePaths, string? query, string phaseList, int chunkMb, bool calibrate, bool showPlan, int threads)
    {
        if (!File.Exists(eventsPath))
        {
            Console.Error.WriteLine($"vigil bench: events file not found: {eventsPath}");
            return 2;
        }
        var phases = phaseList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var phase in phases)
        {
            if (!AllPhases.Contains(phase))
            {
                Console.Error.WriteLine($"vigil bench: unknown phase '{phase}' (known: {string.Join(", ", AllPhases)})");
                return 2;
            }
        }
        if (threads is < 1 or > 64)
        {
            Console.Error.WriteLine("vigil bench: --threads must be between 1 and 64");
            return 2;
        }
        if (chunkMb is < 1 or > 1024)
        {
            Console.Error.WriteLine("vigil bench: --chunk-mb must be between 1 and 1024");
            return 2;
        }
        var needsRules = phases.Any(p => p != "tokenize");
        if (needsRules && query is null && rulePaths.Length == 0)
        {
            Console.Error.WriteLine("vigil bench: give --query or --rules (or --phases tokenize)");
            return 2;
        }
        var runner = new BenchRunner(eventsPath, chunkMb * 1024 * 1024);
        BenchRuleSet? ruleSet = null;
        if (needsRules)
        {
            ruleSet = query is not null ? BenchRuleSet.FromQuery(query) : BenchRuleSet.FromRuleFiles(rulePaths);
            foreach (var problem in ruleSet.Problems)
            {
                Console.Error.WriteLine($"vigil bench: skipped {problem}");
            }
            if (ruleSet.Queries.Count == 0)
            {
                Console.Error.WriteLine("vigil bench: no runnable query");
                return 1;
            }
            if (calibrate)
            {
                ruleSet.Calibrate(runner.Sample(4 * 1024 * 1024));
            }
            Console.Error.WriteLine(
                $"vigil bench: {ruleSet.Queries.Count} queries, {ruleSet.Unconstrained} without a required literal; "
                + (ruleSet.Union.PassesEverything ? "the rule set's prefilter passes every line" : "prefilter on"));
            if (showPlan)
            {
                Console.Error.Write(ruleSet.Union.Describe());
            }
        }
        var fileBytes = new FileInfo(eventsPath).Length;
        Console.WriteLine($"events: {eventsPath} ({fileBytes / 1e6:F1} MB), chunk {chunkMb} MiB, {Environment.ProcessorCount} cores");
        var results = new List<BenchPhaseResult>();
        foreach (var phase in phases)
        {
            var result = phase switch
            {
                "tokenize" => runner.Tokenize(),
                "scan" => runner.Scan(ruleSet!.Union),
                "prefilter" => runner.Evaluate(ruleSet!, usePrefilter: true),
                "pipeline" => runner.Pipeline(ruleSet!, 1),
                _ => runner.Evaluate(ruleSet!, usePrefilter: false),
            };
            results.Add(result);
            Print(result, results[0]);
            if (phase == "pipeline" && threads > 1)
            {
                var parallel = runner.Pipeline(ruleSet!, threads);
                results.Add(parallel);
                Print(parallel, results[0]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-24} {threads} threads vs 1: {result.Elapsed.TotalSeconds / parallel.Elapsed.TotalSeconds:F2}x"));
            }
        }
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        return 0;
    }

    private static void Print(BenchPhaseResult result, BenchPhaseResult first)
    {
        var baseline = first.Name.StartsWith("tokenize", StringComparison.Ordinal) ? first : null;
        var ratio = baseline is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"  {result.MegabytesPerSecond / baseline.MegabytesPerSecond:F2}x baseline (cpu {result.MegabytesPerCpuSecond / baseline.MegabytesPerCpuSecond:F2}x)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Name,-24} {result.Elapsed.TotalSeconds,7:F2} s  {result.MegabytesPerSecond,8:F0} MB/s  cpu {result.CpuTime.TotalSeconds,6:F2} s {result.MegabytesPerCpuSecond,6:F0} MB/cpu-s  {result.EventsPerSecond,10:N0} events/s  "
            + $"parsed {result.ParsedLines:N0}/{result.Lines:N0}  matches {result.Matches:N0}{(result.BadLines > 0 ? $"  bad {result.BadLines:N0}" : "")}{ratio}"));
    }
}
