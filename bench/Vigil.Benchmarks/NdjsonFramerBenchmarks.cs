using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Vigil.Events.Readers;
using Vigil.Simulation;

namespace Vigil.Benchmarks;

/// <summary>
/// NDJSON framing throughput (MB/s) against a baseline that tokenizes every line with <see cref="Utf8JsonReader"/>
/// over the same bytes: ~64 MB of simulated Defend events held in memory.
/// <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter *NdjsonFramer*</c>
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class NdjsonFramerBenchmarks
{
    private static readonly Lazy<byte[]> SharedData = new(() =>
    {
        var output = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 8, Events = 22_000, Seed = 1 }).Generate(output);
        return output.ToArray();
    });

    /// <summary>The benchmark input: deterministic, so the host process knows its size for the MB/s column.</summary>
    public static byte[] Data => SharedData.Value;

    [Benchmark(Baseline = true, Description = "Utf8JsonReader tokenize all")]
    public long TokenizeEverything() => Throughput.TokenizeAll(Data);

    [Benchmark(Description = "NDJSON framer")]
    public long Frame() => Throughput.Frame(Data, ReaderOptions.Default);

    [Benchmark(Description = "NDJSON framer + validation")]
    public long FrameAndValidate() => Throughput.Frame(Data, new ReaderOptions { ValidateNdjson = true });

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new MegabytesPerSecondColumn());
    }

    private sealed class MegabytesPerSecondColumn : IColumn
    {
        public string Id => "MBps";
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Megabytes (10^6) of input per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return nanoseconds is { } mean and > 0
                ? (Data.Length / 1e6 / (mean / 1e9)).ToString("F0", System.Globalization.CultureInfo.InvariantCulture)
                : "-";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
