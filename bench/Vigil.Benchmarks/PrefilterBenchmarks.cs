using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using Vigil.Rules;
using Vigil.Simulation;

namespace Vigil.Benchmarks;

/// <summary>
/// The prefilter against the cost of reading JSON, on simulated Elastic Defend Linux telemetry held in memory, with
/// the shipped seed rule (rules/linux/command_and_control_cat_network_activity.toml). Throughput is reported per
/// operation over <see cref="Megabytes"/> of NDJSON: divide to compare. <c>Tokenize</c> is the baseline.
/// </summary>
[MemoryDiagnoser]
public class PrefilterBenchmarks
{
    private byte[] data = [];
    private LinePrefilter prefilter = LinePrefilter.PassThrough;
    private CompiledQuery compiled = null!;
    private readonly List<LineRange> ranges = [];

    /// <summary>Size of the generated NDJSON.</summary>
    [Params(64)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        var generator = new TelemetryGenerator(new SimulationOptions { Events = Megabytes * 1_000_000L / 3_000, Hosts = 10, AttackRate = 20_000 });
        generator.Generate(stream);
        data = stream.ToArray();
        var query = LoadSeedQuery();
        var statement = EqlParser.Parse(query).Statement ?? throw new InvalidOperationException("seed rule does not parse");
        compiled = EqlCompiler.Compile(statement);
        prefilter = LinePrefilter.Create(RequiredLiterals.ForStatement(statement)).Calibrate(data.AsSpan(0, Math.Min(data.Length, 4 << 20)));
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonReader over every token")]
    public long Tokenize()
    {
        long tokens = 0;
        var buffer = data.AsSpan();
        var start = 0;
        while (start < buffer.Length)
        {
            var lineFeed = buffer[start..].IndexOf((byte)'\n');
            var end = lineFeed < 0 ? buffer.Length : start + lineFeed;
            var reader = new Utf8JsonReader(buffer[start..end]);
            while (reader.Read())
            {
                tokens++;
            }
            start = end + 1;
        }
        return tokens;
    }

    [Benchmark(Description = "prefilter scan (candidate lines)")]
    public int Scan()
    {
        ranges.Clear();
        prefilter.FindCandidateLines(data, ranges);
        return ranges.Count;
    }

    [Benchmark(Description = "seed rule with prefilter")]
    public int RuleWithPrefilter()
    {
        ranges.Clear();
        prefilter.FindCandidateLines(data, ranges);
        var runner = new QueryRunner(compiled);
        foreach (var range in ranges)
        {
            runner.Push(data.AsSpan(range.Start, range.Length), "bench", range.Start, out _);
        }
        return runner.Finish().Sequences.Count;
    }

    [Benchmark(Description = "seed rule, every line parsed")]
    public int RuleWithoutPrefilter()
    {
        ranges.Clear();
        LinePrefilter.PassThrough.FindCandidateLines(data, ranges);
        var runner = new QueryRunner(compiled);
        foreach (var range in ranges)
        {
            runner.Push(data.AsSpan(range.Start, range.Length), "bench", range.Start, out _);
        }
        return runner.Finish().Sequences.Count;
    }

    private static string LoadSeedQuery()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
        {
            directory = directory.Parent;
        }
        var path = Path.Combine(directory?.FullName ?? ".", "rules", "linux", "command_and_control_cat_network_activity.toml");
        var loaded = RuleLoader.LoadFile(path);
        return loaded.Rules[0].Rule?.Query ?? throw new InvalidOperationException($"no query in {path}");
    }
}
