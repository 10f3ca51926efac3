using System.Globalization;
using System.IO.Compression;
using System.Text;
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
            "{\"@timestamp\": 1, \"event\": {\"category\": \"process\"}, \"id\": \n" +
            "\n" +
            "{\"@timestamp\": 1, \"id\": 1, \"event\": {\"category\": \"process\"}}\n");
        var (code, stdout, stderr) = Run("process where true", [ndjson], new QueryCommandOptions { Ids = true, IdField = "id" });
        Assert.Equal(1, code);
        Assert.Equal("1\n2\n", stdout);
        Assert.Contains(ndjson + ":2:", stderr, StringComparison.Ordinal);
        Assert.Contains("1 bad event(s) skipped", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenLinesTheQueryCannotMatchAreSkippedUnparsedUnlessEveryLineIsChecked()
    {
        // Lines 2 and 3 hold none of the query's required literals ("process" as a value): by default they are not
        // parsed, only checked cheaply, which catches the cut-off line 2 but not line 3, broken inside.
        var ndjson = File("events.ndjson",
            "{\"@timestamp\": 2, \"id\": 2, \"event\": {\"category\": \"process\"}}\n" +
            "{\"@timestamp\": 1, \"id\": \n" +
            "{\"@timestamp\": 1, \"id\": tru}\n" +
            "{\"@timestamp\": 1, \"id\": 1, \"event\": {\"category\": \"process\"}}\n" +
            string.Concat(Enumerable.Range(3, 5).Select(i => $"{{\"@timestamp\": {i}, \"id\": {i}, \"event\": {{\"category\": \"file\"}}}}\n")));
        // PrefilterMinBytes 0: the prefilter is built whatever the input's size.
        var (code, stdout, stderr) = Run("process where true", [ndjson], new QueryCommandOptions { Ids = true, IdField = "id", PrefilterMinBytes = 0 });
        Assert.Equal((1, "1\n2\n"), (code, stdout));
        Assert.StartsWith("error: " + ndjson + ":2:", stderr, StringComparison.Ordinal);
        Assert.Contains("not closed", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ndjson + ":3:", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = Run("process where true", [ndjson],
            new QueryCommandOptions { Ids = true, IdField = "id", PrefilterMinBytes = 0, ValidateJson = true });
        Assert.Equal((1, "1\n2\n"), (code, stdout));
        Assert.StartsWith("error: " + ndjson + ":2:", stderr, StringComparison.Ordinal);
        Assert.Contains(ndjson + ":3:", stderr, StringComparison.Ordinal);

        // A small input (under 1 MiB by default) is parsed whole: no prefilter to build, every broken line reported.
        (code, stdout, stderr) = Run("process where true", [ndjson], new QueryCommandOptions { Ids = true, IdField = "id" });
        Assert.Equal((1, "1\n2\n"), (code, stdout));
        Assert.StartsWith("error: " + ndjson + ":2:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ATruncatedGzipIsReportedWithItsPlaceAndWhatCameBeforeStillMatches()
    {
        var lines = new StringBuilder();
        for (var i = 1; i <= 2000; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{{\"@timestamp\": {i}, \"id\": {i}, \"event\": {{\"category\": \"{(i % 2 == 0 ? "process" : "file")}\"}}, \"pad\": \"{Guid.NewGuid()}\"}}\n");
        }
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(lines.ToString()));
        }
        var path = Path.Combine(folder, "events.ndjson.gz");
        System.IO.File.WriteAllBytes(path, compressed.ToArray().AsSpan(0, (int)compressed.Length / 2).ToArray());
        var (code, stdout, stderr) = Run("process where true | head 3", [path], new QueryCommandOptions { Ids = true, IdField = "id" });
        Assert.Equal(1, code);
        Assert.Equal("2\n4\n6\n", stdout);
        Assert.Contains("error: " + path + ":", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryInputFormatScanReadsQueryReadsToo()
    {
        string[] events =
        [
            "{\"@timestamp\": 3, \"id\": 3, \"event\": {\"category\": \"process\"}}",
            "{\"@timestamp\": 1, \"id\": 1, \"event\": {\"category\": \"process\"}}",
            "{\"@timestamp\": 2, \"id\": 2, \"event\": {\"category\": \"file\"}}",
        ];
        var hits = File("hits.json", "{\"took\": 1, \"hits\": {\"hits\": [" + string.Join(",", events.Select((e, i) =>
            $"{{\"_index\": \"logs\", \"_id\": \"{i}\", \"_source\": {e}}}")) + "]}}");
        var bulk = File("bulk.ndjson", string.Concat(events.Select((e, i) => $"{{\"index\": {{\"_index\": \"logs\", \"_id\": \"{i}\"}}}}\n{e}\n")));
        var gzipPath = Path.Combine(folder, "plain.gz");
        using (var gzip = new GZipStream(System.IO.File.Create(gzipPath), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", events) + "\n"));
        }
        var directory = Path.Combine(folder, "dir", "nested");
        Directory.CreateDirectory(directory);
        System.IO.File.WriteAllText(Path.Combine(directory, "a.ndjson"), string.Join("\n", events));
        foreach (var input in new[] { hits, bulk, gzipPath, Path.Combine(folder, "dir") })
        {
            var (code, stdout, stderr) = Run("process where true", [input], new QueryCommandOptions { Ids = true, IdField = "id" });
            Assert.True((0, "1\n3\n", "") == (code, stdout, stderr), $"{input}: {code} {stdout} {stderr}");
        }
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
