using System.Text;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

public sealed class InputReaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vigil-readers-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    public InputReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void DirectoriesAreReadRecursivelyInOrdinalOrder()
    {
        Write("b.ndjson", "{\"f\":\"b\"}\n");
        Write("B.ndjson", "{\"f\":\"B\"}\n");
        Write(Path.Combine("a", "z.json"), "[{\"f\":\"a/z\"}]");
        File.WriteAllBytes(Path.Combine(_folder, "c.log"), NdjsonReaderTests.Gzip("{\"f\":\"c\"}\n"));

        var sink = new CollectingSink();
        ReadSummary summary = InputReader.Read([_folder], sink);
        Assert.Empty(sink.Errors);
        Assert.Equal(["{\"f\":\"B\"}", "{\"f\":\"a/z\"}", "{\"f\":\"b\"}", "{\"f\":\"c\"}"], sink.Records.Select(r => r.Source));
        Assert.Equal(4, summary.Inputs);
        Assert.Equal(4, summary.Records);
    }

    [Fact]
    public void MissingFileIsReportedAndOtherInputsStillRead()
    {
        Write("ok.ndjson", "{\"a\":1}\n");
        var sink = new CollectingSink();
        ReadSummary summary = InputReader.Read([Path.Combine(_folder, "missing.ndjson"), Path.Combine(_folder, "ok.ndjson")], sink);
        InputError error = Assert.Single(sink.Errors);
        Assert.Contains("missing.ndjson", error.Source, StringComparison.Ordinal);
        Assert.Single(sink.Records);
        Assert.Equal(1, summary.Errors);
        Assert.Equal(1, summary.Records);
    }

    [Fact]
    public void OriginsNameTheFile()
    {
        string path = Write("x.ndjson", "{\"a\":1}\n");
        var sink = new CollectingSink();
        InputReader.ReadPath(path, sink);
        Assert.Equal([path], sink.Files);
    }

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
