using Vigil.Cli.Conformance;
using Vigil.Eql.Runtime;

namespace Vigil.Conformance.Tests;

/// <summary>The --suite mode: any suite in ES's TOML shape over one data file, with case-sensitivity flags.</summary>
public sealed class SuiteModeTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vigil-suite-" + Guid.NewGuid().ToString("N"));

    public SuiteModeTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private ConformanceDataset Dataset(string ndjson)
    {
        var data = Path.Combine(folder, "events.ndjson");
        File.WriteAllText(data, ndjson);
        var mapping = new IndexMapping();
        var problems = new List<InputProblem>();
        var events = IndexDataLoader.Load(data, mapping, IndexDataLoader.TimestampTransform.None, "events", problems.Add);
        Assert.Empty(problems);
        return new ConformanceDataset("events", events, mapping, "id", "id", "event_type", "@timestamp", new HashSet<string>());
    }

    private string Suite(string toml)
    {
        var path = Path.Combine(folder, "suite.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    private const string Events = """
        {"@timestamp": 1, "event_type": "process", "id": 1, "name": "CMD.exe", "pid": 7}
        {"@timestamp": 2, "event_type": "process", "id": 2, "name": "cmd.exe", "pid": 7}
        {"@timestamp": 3, "event_type": "file", "id": 3, "name": "x", "pid": 7}
        """;

    [Fact]
    public void CaseFlagsSelectTheDialectAndUnflaggedCasesRunBothWays()
    {
        var suite = Suite("""
            [[queries]]
            name = "sensitive"
            case_sensitive = true
            query = 'process where name == "cmd.exe"'
            expected_event_ids = [2]

            [[queries]]
            name = "insensitive"
            case_insensitive = true
            query = 'process where name == "cmd.exe"'
            expected_event_ids = [1, 2]

            [[queries]]
            name = "either"
            query = 'process where name : "cmd.exe"'
            expected_event_ids = [1, 2]
            """);
        var report = ConformanceSession.RunSuite(suite, Dataset(Events));
        Assert.Equal(4, report.Outcomes.Count);
        Assert.Equal(4, report.Passed);
    }

    [Fact]
    public void NullJoinKeysAreToleratedAndCompared()
    {
        var suite = Suite("""
            [[queries]]
            name = "nullKey"
            case_sensitive = true
            query = 'sequence by ?missing [process where true] [file where true]'
            expected_event_ids = [2, 3]
            join_keys = [null]
            """);
        var report = ConformanceSession.RunSuite(suite, Dataset(Events));
        Assert.Equal(1, report.Passed);
    }

    [Fact]
    public void AWrongExpectationFailsAndIsReported()
    {
        var suite = Suite("""
            [[queries]]
            name = "wrong"
            case_sensitive = true
            query = 'process where pid == 7'
            expected_event_ids = [2, 1]
            """);
        var report = ConformanceSession.RunSuite(suite, Dataset(Events));
        Assert.Equal(0, report.Passed);
        var writer = new StringWriter();
        report.Write(writer);
        Assert.Contains("FAIL suite.toml [case_sensitive] wrong", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("got:      [1, 2]", writer.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 1 failed", writer.ToString().TrimEnd(), StringComparison.Ordinal);
    }
}
