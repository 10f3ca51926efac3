using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vigil.Events.Readers;
using Vigil.Simulation;

namespace Vigil.Benchmarks;

/// <summary>
/// The measured operations, plus a quick stopwatch run for when a full BenchmarkDotNet run is too slow:
/// <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- throughput [events]</c>.
/// </summary>
public static class Throughput
{
    /// <summary>Frames <paramref name="data"/> as the readers do; returns the records delivered.</summary>
    public static long Frame(byte[] data, ReaderOptions options)
    {
        var sink = new CountingSink();
        InputReader.ReadStream(new MemoryStream(data, writable: false), "bench", sink, options);
        return sink.Records;
    }

    /// <summary>Baseline: splits lines and reads every JSON token of each with <see cref="Utf8JsonReader"/>.</summary>
    public static long TokenizeAll(byte[] data)
    {
        long tokens = 0;
        ReadOnlySpan<byte> rest = data;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            var reader = new Utf8JsonReader(line);
            while (reader.Read())
            {
                tokens++;
            }
        }
        return tokens;
    }

    /// <summary>Generates events, then times generation, framing and the baseline; prints MB/s.</summary>
    public static void Run(long events)
    {
        var clock = Stopwatch.StartNew();
        var output = new MemoryStream();
        new TelemetryGenerator(new SimulationOptions { Hosts = 8, Events = events, Seed = 1 }).Generate(output);
        Report("generate (Utf8JsonWriter, in memory)", output.Length, clock.Elapsed);
        byte[] data = output.ToArray();

        for (int round = 0; round < 3; round++)
        {
            clock.Restart();
            long records = Frame(data, ReaderOptions.Default);
            Report($"NDJSON framer ({records} records)", data.Length, clock.Elapsed);
            clock.Restart();
            Frame(data, new ReaderOptions { ValidateNdjson = true });
            Report("NDJSON framer + validation", data.Length, clock.Elapsed);
            clock.Restart();
            long tokens = TokenizeAll(data);
            Report($"Utf8JsonReader tokenize all ({tokens} tokens)", data.Length, clock.Elapsed);
        }
    }

    private static void Report(string what, long bytes, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-50} {bytes / 1e6,8:F1} MB in {elapsed.TotalSeconds,6:F3} s = {bytes / 1e6 / elapsed.TotalSeconds,7:F0} MB/s"));

    private sealed class CountingSink : IRecordSink
    {
        public long Records { get; private set; }

        public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id) => Records++;

        public void Reject(InputError error)
        {
        }
    }
}
