using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Benchmarks;

/// <summary>
/// Event-query and sequence throughput over Elasticsearch's Endgame QA events replicated to 102,000 events
/// (each copy shifted one hour later, ids renumbered), streamed in time order through <see cref="QueryRunner.Push"/>.
/// </summary>
[MemoryDiagnoser]
public class EqlThroughputBenchmarks
{
    private const int Copies = 1000;

    private List<byte[]> events = [];
    private CompiledQuery eventQuery = null!;
    private CompiledQuery sequenceQuery = null!;
    private CompiledQuery regexQuery = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = FindStandIn() ?? throw new InvalidOperationException("../shared/corpus/eql-elasticsearch not found");
        var originals = JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .Select(node => node!.AsObject())
            .OrderBy(node => node["timestamp"]!.GetValue<long>())
            .ToList();
        long id = 0;
        for (var copy = 0; copy < Copies; copy++)
        {
            foreach (var original in originals)
            {
                var node = original.DeepClone().AsObject();
                node["@timestamp"] = node["timestamp"]!.GetValue<long>() / 10_000 - 11_644_473_600_000 + copy * 3_600_000L;
                node["serial_event_id"] = ++id;
                node["unique_pid"] = node["unique_pid"]?.GetValue<long>() + copy * 1_000_000L;
                events.Add(JsonSerializer.SerializeToUtf8Bytes(node));
            }
        }
        var options = new CompileOptions { TiebreakerField = "serial_event_id", EventCategoryField = "event_type" };
        eventQuery = Compile("process where process_name : \"*.exe\" and opcode == 1 and not command_line : \"*svchost*\"", options);
        sequenceQuery = Compile("sequence by unique_pid with maxspan=1h [process where opcode == 1] [file where opcode == 0] [network where true]", options);
        regexQuery = Compile("any where command_line regex~ \".*net[1]? +(user|localgroup).*\"", options);
    }

    private static CompiledQuery Compile(string text, CompileOptions options) =>
        EqlCompiler.Compile(EqlParser.Parse(text).Statement!, options);

    private static string? FindStandIn()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", "eql-elasticsearch", "data", "endgame-140.stand-in.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private int Run(CompiledQuery query)
    {
        var runner = new QueryRunner(query);
        foreach (var json in events)
        {
            runner.Push(json, "bench", 0, out _);
        }
        var result = runner.Finish();
        return result.Events.Count + result.Sequences.Count;
    }

    [Benchmark]
    public int EventQuery() => Run(eventQuery);

    [Benchmark]
    public int SequenceQuery() => Run(sequenceQuery);

    [Benchmark]
    public int RegexQuery() => Run(regexQuery);
}
