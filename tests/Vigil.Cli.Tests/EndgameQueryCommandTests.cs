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
    public void DefinitionsFilesGiveMacrosAndConstants()
    {
        // By hand: IS_A folds case, so 1 (A.exe) and 3 (a.EXE); TWO is 2, so event 2 too. The second file uses the first's constant.
        var first = Path.Combine(folder, "first.eql");
        var second = Path.Combine(folder, "second.eql");
        File.WriteAllText(first, "const TWO = 2\n");
        File.WriteAllText(second, "// comments are allowed\nmacro IS_A(x)\n    x == 'a.exe'\nmacro IS_TWO(x) x == TWO\n");
        var (code, stdout, stderr) = Run("process where IS_A(process_name) or IS_TWO(serial_event_id)", Events, Endgame with { DefinitionFiles = [first, second] });
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        Assert.Equal("1\n2\n3\n", stdout);
        // Case-sensitive: 'a.exe' matches no event exactly, so only 2.
        (_, stdout, _) = Run("process where IS_A(process_name) or IS_TWO(serial_event_id)", Events, Endgame with { DefinitionFiles = [first, second], CaseInsensitive = false });
        Assert.Equal("2\n", stdout);
    }

    [Fact]
    public void ABadDefinitionsFileIsNamedWithLineAndColumn()
    {
        var bad = Path.Combine(folder, "bad.eql");
        File.WriteAllText(bad, "const A = 1\nmacro M(x\n");
        var (code, stdout, stderr) = Run("process where true", Events, Endgame with { DefinitionFiles = [bad] });
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{bad}: error: 3:1: expected ')' to close the parameters of macro 'M' opened at 2:8", stderr);

        (code, _, stderr) = Run("process where true", Events, Endgame with { DefinitionFiles = [Path.Combine(folder, "none.eql")] });
        Assert.Equal(2, code);
        Assert.StartsWith("error: cannot read definitions file", stderr);

        (code, _, stderr) = Run("process where true", Events, Endgame with { Endgame = false, DefinitionFiles = [bad] });
        Assert.Equal(2, code);
        Assert.Equal("error: --definitions needs --dialect endgame (macros and constants are Endgame EQL)\n", stderr);
    }

    [Fact]
    public void AWrongMacroCallInTheQueryIsASyntaxError()
    {
        var (code, _, stderr) = Run("macro M(x) x == 1\nprocess where M()", Events, Endgame);
        Assert.Equal(1, code);
        Assert.StartsWith("error: 2:15: macro 'M' takes 1 argument (x), given 0", stderr);
    }

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

    [Fact]
    public void APipeOverThePipeMemoryLimitStopsTheQueryNamingItAndWritesNothing()
    {
        // 2,000 events of about 70 bytes: sort holds them all, far more than 4 KiB; head 2 before it holds two.
        var many = string.Concat(Enumerable.Range(1, 2000).Select(i => $"{{\"event_type\":\"process\",\"serial_event_id\":{i},\"process_name\":\"p{i % 7}.exe\"}}\n"));
        var (code, stdout, stderr) = Run("process where true | sort process_name", many, Endgame with { PipeMemoryBytes = 4096 });
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: 1:20: pipe 1 ('sort') holds more than 4096 bytes of results or keys, the pipe memory limit; raise it (vigil query --pipe-memory)", stderr, StringComparison.Ordinal);
        (code, stdout, stderr) = Run("process where true | head 2 | sort process_name", many, Endgame with { PipeMemoryBytes = 4096 });
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        // p1.exe (1) sorts before p2.exe (2).
        Assert.Equal("1\n2\n", stdout);
        // count keeps one group per name (7), well within the limit.
        (code, stdout, _) = Run("process where true | count process_name", many, Endgame with { PipeMemoryBytes = 4096, Ids = false });
        Assert.Equal(0, code);
        Assert.Equal(7, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void TheHelpSaysWhichPipesNeedTheWholeInputAndTheLimitIsParsed()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = Program.CreateRoot();
        Assert.Equal(0, root.Parse(["query", "--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = TextWriter.Null }));
        var help = string.Join(' ', output.ToString().Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--pipe-memory", help, StringComparison.Ordinal);
        Assert.Contains("sort needs the whole input", help, StringComparison.Ordinal);
        Assert.Contains("tail keeps its last N", help, StringComparison.Ordinal);
        var path = Path.Combine(folder, "events.ndjson");
        File.WriteAllText(path, Events);
        var code = Program.CreateRoot().Parse(["query", "--dialect", "endgame", "--pipe-memory", "lots", "process where true | sort pid", path])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = error });
        Assert.Equal(2, code);
        Assert.Contains("--pipe-memory must be a size", error.ToString(), StringComparison.Ordinal);
    }
}
