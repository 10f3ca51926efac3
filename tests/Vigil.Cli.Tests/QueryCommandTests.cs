using Vigil.Cli.Commands;

namespace Vigil.Cli.Tests;

public sealed class QueryCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vigil-query-" + Guid.NewGuid().ToString("N"));

    public QueryCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(string name, string content)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(string query, string[] files, QueryCommandOptions? options = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = QueryCommand.Run(query, files, options ?? new QueryCommandOptions { IdField = "id" }, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void BadLinesAreReportedWithFileAndLineAndTheRestStillRuns()
    {
        var ndjson = File("events.ndjson",
            "{\"@timestamp\": 2, \"id\": 2, \"event\": {\"category\": \"process\"}}\n" +
            "{\"@timestamp\": 1, \"id\": \n" +
            "\n" +
            "{\"@timestamp\": 1, \"id\": 1, \"event\": {\"category\": \"process\"}}\n");
        var (code, stdout, stderr) = Run("process where true", [ndjson], new QueryCommandOptions { Ids = true, IdField = "id" });
        Assert.Equal(1, code);
        Assert.Equal("1\n2\n", stdout);
        Assert.Contains(ndjson + ":2:", stderr, StringComparison.Ordinal);
        Assert.Contains("1 bad event(s) skipped", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonArraysAndSequencesPrintJsonl()
    {
        var array = File("events.json", """
            [
              {"@timestamp": 1, "id": 1, "event": {"category": "a"}, "user": "u"},
              {"@timestamp": 2, "id": 2, "event": {"category": "b"}, "user": "u"}
            ]
            """);
        var (code, stdout, stderr) = Run("sequence by user [a where true] ![c where true] [b where true]", [array]);
        Assert.Equal((0, ""), (code, stderr));
        Assert.Equal(
            "{\"join_keys\":[\"u\"],\"events\":[{\"@timestamp\": 1, \"id\": 1, \"event\": {\"category\": \"a\"}, \"user\": \"u\"},{\"missing\":true},{\"@timestamp\": 2, \"id\": 2, \"event\": {\"category\": \"b\"}, \"user\": \"u\"}]}\n",
            stdout);
    }

    [Fact]
    public void SyntaxErrorsGoToStderrWithACaret()
    {
        var (code, stdout, stderr) = Run("process where", [File("e.ndjson", "")]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: 1:", stderr, StringComparison.Ordinal);
    }
}
