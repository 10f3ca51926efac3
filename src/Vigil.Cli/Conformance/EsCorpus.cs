using Vigil.Eql.Runtime;

namespace Vigil.Cli.Conformance;

/// <summary>
/// The Elasticsearch EQL QA corpus laid out as ES's harness runs it: which suite searches which indices, with which
/// id/tiebreaker fields and data transforms. As in ES's current harness the nanos index runs only
/// test_queries_date_nanos.toml (older harness versions also ran test_queries.toml there).
/// </summary>
public static class EsCorpus
{
    /// <summary>One suite file and the dataset it runs against.</summary>
    public sealed record SuiteRun(string SuiteFile, string DatasetName);

    public static IReadOnlyList<SuiteRun> Runs { get; } =
    [
        new("test_queries.toml", "endgame-140"),
        new("additional_test_queries.toml", "endgame-140"),
        new("test_queries_date.toml", "endgame-140"),
        new("test_queries_date_nanos.toml", "endgame-140-nanos"),
        new("test_extra.toml", "extra"),
        new("test_missing_events.toml", "missing-events"),
        new("test_sample.toml", "sample"),
        new("test_sample_multi.toml", "sample-multi"),
        new("test_failing_shards.toml", "endgame-shard-failures"),
    ];

    public static ConformanceDataset LoadDataset(string corpus, string name, Action<InputProblem> onProblem)
    {
        var data = Path.Combine(corpus, "data");
        switch (name)
        {
            case "endgame-140":
                return Endgame(data, name, "endgame-140.mapping", IndexDataLoader.TimestampTransform.EndgameMillis, new HashSet<string>(), onProblem);
            case "endgame-140-nanos":
                return Endgame(data, name, "endgame-140-nanos.mapping", IndexDataLoader.TimestampTransform.EndgameNanos, new HashSet<string>(), onProblem);
            case "endgame-shard-failures":
                return Endgame(data, name, "endgame-140.mapping", IndexDataLoader.TimestampTransform.EndgameMillis, new HashSet<string> { "endgame-shard-failures" }, onProblem);
            case "sample":
                return Combine(data, name, ["sample1", "sample2", "sample3"], "id", null, onProblem);
            case "sample-multi":
                return Combine(data, name, ["sample-multi"], "id", null, onProblem);
            default:
                return Combine(data, name, [name], "sequence", "sequence", onProblem);
        }
    }

    private static ConformanceDataset Endgame(string data, string name, string mappingFile, IndexDataLoader.TimestampTransform transform,
        IReadOnlySet<string> failing, Action<InputProblem> onProblem)
    {
        var mapping = IndexMapping.Load(Path.Combine(data, mappingFile));
        var events = IndexDataLoader.Load(Path.Combine(data, "endgame-140.stand-in.json"), mapping, transform, "endgame-140", onProblem);
        if (failing.Count > 0)
        {
            var failingMapping = IndexMapping.Load(Path.Combine(data, "endgame-shard-failures.mapping"));
            foreach (var runtime in failingMapping.RuntimeFields)
            {
                mapping.RuntimeFields.Add(runtime);
            }
            events.AddRange(IndexDataLoader.Load(Path.Combine(data, "endgame-shard-failures.data"), failingMapping, transform, "endgame-shard-failures", onProblem));
        }
        return new ConformanceDataset(name, events, mapping, "serial_event_id", "serial_event_id", "event.category", "@timestamp", failing);
    }

    private static ConformanceDataset Combine(string data, string name, string[] indices, string idField, string? tiebreaker, Action<InputProblem> onProblem)
    {
        var merged = new IndexMapping();
        var events = new List<EventInput>();
        foreach (var index in indices)
        {
            var mapping = IndexMapping.Load(Path.Combine(data, index + ".mapping"));
            events.AddRange(IndexDataLoader.Load(Path.Combine(data, index + ".data"), mapping, IndexDataLoader.TimestampTransform.None, index, onProblem));
            foreach (var (path, type) in mapping.Types)
            {
                merged.Types.TryAdd(path, type);
            }
            foreach (var (path, target) in mapping.Aliases)
            {
                merged.Aliases.TryAdd(path, target);
            }
        }
        return new ConformanceDataset(name, events, merged, idField, tiebreaker, "event.category", "@timestamp", new HashSet<string>());
    }
}
