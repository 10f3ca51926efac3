using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil explain --query</c> in the Endgame dialect: the query's matches, or its closest events with the first
/// condition each failed, evaluated with the dialect's semantics (case folding, Python division, macros).
/// Expectations worked out by hand from the three events below.
/// </summary>
public sealed class ExplainQueryTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vigil-explain-query-" + Guid.NewGuid().ToString("N"));

    public ExplainQueryTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const string Events =
        "{\"event_type\":\"process\",\"serial_event_id\":1,\"process_name\":\"CMD.exe\",\"pid\":4,\"exit_code\":-7}\n" +
        "{\"event_type\":\"process\",\"serial_event_id\":2,\"process_name\":\"cmd.exe\",\"pid\":8,\"exit_code\":7}\n" +
        "{\"event_type\":\"file\",\"serial_event_id\":3,\"file_name\":\"a.txt\",\"pid\":8}\n";

    private static QueryCommandOptions Endgame => new() { Endgame = true, CaseInsensitive = true, InputOrder = true, EventCategoryField = "event_type" };

    private (int Code, string Out, string Err) Explain(string query, QueryCommandOptions options)
    {
        var path = Path.Combine(folder, "events.ndjson");
        File.WriteAllText(path, Events);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ExplainCommand.RunQuery(query, [path], options, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void AMatchingEndgameQueryListsItsResults()
    {
        var (code, output, err) = Explain("process where process_name = 'cmd.EXE'", Endgame);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("MATCHED: 2 results", output);
        Assert.Contains("result 1: events.ndjson:1", output);
        Assert.Contains("result 2: events.ndjson:2", output);
    }

    [Fact]
    public void AMissNamesTheFirstFailedConditionWithTheDialectsSemantics()
    {
        // Event 1: the name folds to cmd.exe, -7 / 2 floors to -4 (Python), only pid > 4 fails: 3 of 4 hold.
        var (code, output, err) = Explain("process where process_name == 'cmd.exe' and exit_code / 2 == -4 and pid > 4", Endgame);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("DID NOT MATCH.", output);
        Assert.Contains("events.ndjson:1 (no time): 3/4 conditions hold; first failed: pid 4 is not > 4", output);
        // Case-sensitive: event 1's name no longer matches, so it is the second condition that fails first.
        (_, output, _) = Explain("process where process_name == 'cmd.exe' and exit_code / 2 == -4 and pid > 4", Endgame with { CaseInsensitive = false });
        Assert.Contains("events.ndjson:1 (no time): 2/4 conditions hold; first failed: process_name \"CMD.exe\" != \"cmd.exe\"", output);
    }

    [Fact]
    public void DefinitionsAndBadQueries()
    {
        var definitions = Path.Combine(folder, "defs.eql");
        File.WriteAllText(definitions, "macro BIG(x) x > 6\n");
        var (code, output, _) = Explain("process where BIG(pid)", Endgame with { DefinitionFiles = [definitions] });
        Assert.Equal(0, code);
        Assert.Contains("MATCHED: 1 result", output);
        Assert.Contains("result 1: events.ndjson:2", output);

        string err;
        (code, _, err) = Explain("process where BIG()", Endgame with { DefinitionFiles = [definitions] });
        Assert.Equal(1, code);
        Assert.StartsWith("error: 1:15: macro 'BIG' takes 1 argument (x), given 0", err);
    }
}
