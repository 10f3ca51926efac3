using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary>`vigil query --dialect endgame`: the dialect's syntax and pipes from the command line, and bad input.</summary>
public sealed class EndgameQueryCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vigil-endgame-" + Guid.NewGuid().ToString("N"));

    public EndgameQueryCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static QueryCommandOptions Endgame => new()
    {
        Endgame = true,
        CaseInsensitive = true,
        InputOrder = true,
        EventCategoryField = "event_type",
        IdField = "serial_event_id",
        Ids = true,
    };

    private (int Code, string Stdout, string Stderr) Run(string query, string content, QueryCommandOptions options)
    {
        var path = Path.Combine(folder, "events.ndjson");
        File.WriteAllText(path, content);
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = QueryCommand.Run(query, [path], options, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString().Replace(path, "events.ndjson", StringComparison.Ordinal));
    }

    private const string Events =
        "{\"event_type\":\"process\",\"serial_event_id\":1,\"process_name\":\"A.exe\"}\n" +
        "{\"event_type\":\"process\",\"serial_event_id\":2,\"process_name\":\"b.exe\"}\n" +
        "{\"event_type\":\"process\",\"serial_event_id\":3,\"process_name\":\"a.EXE\"}\n";

    [Fact]
    public void EndgameSyntaxRunsWithoutTimestampsInInputOrder()
    {
        var (code, stdout, stderr) = Run("process where process_name = 'a.exe' | tail 1", Events, Endgame);
        Assert.Equal(0, code);
        Assert.Equal("3\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void CaseSensitiveEndgameComparesExactly()
    {
        var (_, stdout, _) = Run("process where process_name == '*.exe'", Events, Endgame with { CaseInsensitive = false });
        Assert.Equal("1\n2\n", stdout);
    }

    [Fact]
    public void CountWritesItsAggregateRecords()
    {
        var (code, stdout, _) = Run("process where true | count process_name", Events, Endgame with { Ids = false });
        Assert.Equal(0, code);
        Assert.Equal("{\"count\":1,\"key\":\"b.exe\",\"percent\":0.3333333333333333}\n{\"count\":2,\"key\":\"A.exe\",\"percent\":0.6666666666666666}\n", stdout);
    }

    [Fact]
    public void ABadLineIsReportedWithFileAndLineAndTheRestStillRuns()
    {
        var broken = Events.Replace("{\"event_type\":\"process\",\"serial_event_id\":2,", "{\"event_type\":\"process\",\"serial_event_id\":2,,", StringComparison.Ordinal);
        var (code, stdout, stderr) = Run("process where true | unique process_name", broken, Endgame);
        Assert.Equal(1, code);
        Assert.Equal("1\n", stdout);
        Assert.Contains("events.ndjson:2:", stderr, StringComparison.Ordinal);
        Assert.Contains("1 bad event(s) skipped", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheElasticsearchDialectNamesTheOptionForEndgamePipes()
    {
        var (code, _, stderr) = Run("process where true | count", Events, Endgame with { Endgame = false, CaseInsensitive = false, InputOrder = false });
        Assert.Equal(1, code);
        Assert.Contains("--dialect endgame", stderr, StringComparison.Ordinal);
    }
}
