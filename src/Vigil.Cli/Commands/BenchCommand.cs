using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vigil.Cli.Bench;
using Vigil.Eql.QuerySets;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil bench</c>: throughput over one events file, in one run: the tokenize-only baseline, the prefilter
/// scan alone, and the rule set with and without the prefilter, each as MB/s, events/s and a ratio to the baseline.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] AllPhases = ["tokenize", "scan", "prefilter", "full", "pipeline", "set", "set2"];

    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "NDJSON events file (one event per line)", Required = true };
        var rules = new Option<string[]>("--rules") { Description = "Rule files or folders (TOML); their EQL rules are run", AllowMultipleArgumentsPerToken = true };
        var query = new Option<string?>("--query") { Description = "One EQL query to run (instead of, or with, --rules)" };
        var phases = new Option<string>("--phases")
        {
            Description = "Comma-separated passes: tokenize, scan, prefilter, full, pipeline (the scan's reader: 1 thread, then --threads), set (all queries as one query set), set2 (the same on 2 threads)",
            DefaultValueFactory = _ => string.Join(',', AllPhases),
        };
        var chunk = new Option<int>("--chunk-mb") { Description = "Read buffer size in MiB", DefaultValueFactory = _ => 32 };
        var calibrate = new Option<bool>("--no-calibrate") { Description = "Keep the static anchor guess instead of sampling the file's first 4 MiB" };
        var threads = new Option<int>("--threads") { Description = "Reader threads of the second pipeline pass", DefaultValueFactory = _ => ScanCommand.DefaultThreads };
        var plan = new Option<bool>("--plan") { Description = "Print the prefilter plan of the rule set to stderr" };
        var allIndices = new Option<bool>("--all-indices")
        {
            Description = "Run every EQL rule of --rules, not only those whose index patterns match the events' indices (from the file's first 4 MiB)",
        };
        var corpus = new Option<string[]>("--corpus")
        {
            Description = "Rule folders of the whole rule set: run it as child 'vigil scan' processes (start-up, hunt on 1 and 2 threads, peak memory, --schedule) against the tokenize pass; with no --rules or --query only tokenize runs besides",
            AllowMultipleArgumentsPerToken = true,
        };
        var corpusTimeout = new Option<double>("--corpus-timeout") { Description = "Seconds each corpus child may run before it is reported as not finished", DefaultValueFactory = _ => 600 };
        var command = new Command("bench", "Measure throughput: tokenize baseline, prefilter scan, rules with and without the prefilter");
        command.Options.Add(events);
        command.Options.Add(rules);
        command.Options.Add(query);
        command.Options.Add(phases);
        command.Options.Add(chunk);
        command.Options.Add(calibrate);
        command.Options.Add(plan);
        command.Options.Add(threads);
        command.Options.Add(allIndices);
        command.Options.Add(corpus);
        command.Options.Add(corpusTimeout);
        command.SetAction(parsed =>
        {
            var corpusDirs = parsed.GetValue(corpus) ?? [];
            var rulePaths = parsed.GetValue(rules) ?? [];
            var queryText = parsed.GetValue(query);
            // The corpus phase alone needs only its baseline: the in-process passes want --rules or --query.
            var phaseList = corpusDirs.Length > 0 && rulePaths.Length == 0 && queryText is null && parsed.GetResult(phases) is null or { Implicit: true }
                ? "tokenize"
                : parsed.GetValue(phases)!;
            return Run(parsed.GetValue(events)!, rulePaths, queryText, phaseList, parsed.GetValue(chunk), !parsed.GetValue(calibrate),
                parsed.GetValue(plan), parsed.GetValue(threads), parsed.GetValue(allIndices), corpusDirs, parsed.GetValue(corpusTimeout));
        });
        return command;
    }

    private static int Run(string eventsPath, string[] rulePaths, string? query, string phaseList, int chunkMb, bool calibrate, bool showPlan, int threads, bool allIndices, string[] corpusDirs, double corpusTimeout)
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
        if (corpusTimeout is <= 0 or > 86_400)
        {
            Console.Error.WriteLine("vigil bench: --corpus-timeout must be between 0 and 86400 seconds");
            return 2;
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
        QuerySet? querySet = null;
        var sample = runner.Sample(4 * 1024 * 1024);
        if (needsRules)
        {
            HashSet<string>? indices = allIndices || query is not null ? null : runner.IndicesInSample(sample);
            ruleSet = query is not null ? BenchRuleSet.FromQuery(query) : BenchRuleSet.FromRuleFiles(rulePaths, indices);
            if (indices is not null)
            {
                Console.Error.WriteLine($"vigil bench: events in {string.Join(", ", indices.Order(StringComparer.Ordinal))}; "
                    + $"{ruleSet.OtherIndexRules} EQL rules search other indices and are left out (--all-indices keeps them)");
            }
            foreach (var problem in ruleSet.Problems)
            {
                Console.Error.WriteLine($"vigil bench: skipped {problem}");
            }
            if (ruleSet.Queries.Count == 0)
            {
                Console.Error.WriteLine("vigil bench: no runnable query");
                return 1;
            }
            // Calibrating every query's own prefilter is slow for a thousand rules; only the per-query passes use them.
            if (calibrate && phases.Any(p => p is "scan" or "prefilter" or "full"))
            {
                ruleSet.Calibrate(sample);
            }
            if (phases.Contains("set") || phases.Contains("set2"))
            {
                var built = Stopwatch.StartNew();
                querySet = ruleSet.BuildQuerySet(calibrate ? sample : default);
                Console.Error.WriteLine($"vigil bench: {querySet.Describe()}; built in {built.Elapsed.TotalSeconds:F2} s");
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
        long evaluations = 0;
        foreach (var phase in phases)
        {
            var result = phase switch
            {
                "tokenize" => runner.Tokenize(),
                "scan" => runner.Scan(ruleSet!.Union),
                "prefilter" => runner.Evaluate(ruleSet!, usePrefilter: true),
                "pipeline" => runner.Pipeline(ruleSet!, 1),
                "set" => runner.Classify(querySet!, out evaluations),
                "set2" => runner.ClassifyParallel(querySet!, 2, out evaluations),
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
            if (phase is "set" or "set2")
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-24} evaluated {evaluations:N0} (line, query) pairs, {(double)evaluations / Math.Max(1, result.ParsedLines):F1} per parsed line; relevant pairs {result.Matches:N0}"));
            }
        }
        if (corpusDirs.Length > 0)
        {
            var missing = corpusDirs.FirstOrDefault(d => !Directory.Exists(d) && !File.Exists(d));
            if (missing is not null)
            {
                Console.Error.WriteLine($"vigil bench: corpus not found: {missing}");
                return 2;
            }
            var tokenize = results.FirstOrDefault(r => r.Name.StartsWith("tokenize", StringComparison.Ordinal)) ?? runner.Tokenize();
            if (!results.Contains(tokenize))
            {
                Print(tokenize, tokenize);
            }
            var phase = new CorpusPhase(eventsPath, corpusDirs, TimeSpan.FromSeconds(corpusTimeout));
            var rows = phase.Run(tokenize, line => Console.Error.WriteLine($"vigil bench: corpus {line}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"corpus phase (child vigil scan processes; ratios to tokenize {tokenize.MegabytesPerSecond:F0} MB/s):"));
            Console.Write(CorpusPhase.Format(rows));
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
