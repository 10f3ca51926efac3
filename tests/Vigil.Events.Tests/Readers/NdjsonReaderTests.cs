using System.IO.Compression;
using System.Text;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

public sealed class NdjsonReaderTests
{
    [Fact]
    public void LinesBecomeRecordsWithLineNumbersAndOffsets()
    {
        var sink = CollectingSink.Read("{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}");
        Assert.Empty(sink.Errors);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], sink.Records.Select(r => r.Source));
        Assert.Equal([1L, 4L, 5L], sink.Records.Select(r => r.Line));
        Assert.Equal([0L, 13L, 22L], sink.Records.Select(r => r.Offset));
        Assert.All(sink.Records, r => Assert.Equal("", r.Index));
    }

    [Fact]
    public void CommentLinesAreIgnored()
    {
        var sink = CollectingSink.Read("// exported by hand\n{\"a\":1}\n  // another\n{\"b\":2}\n");
        Assert.Empty(sink.Errors);
        Assert.Equal(2, sink.Records.Count);
    }

    [Fact]
    public void GzipIsDetectedByContentNotName()
    {
        byte[] gz = Gzip("{\"a\":1}\n{\"b\":2}\n");
        var sink = CollectingSink.Read(gz);
        Assert.Empty(sink.Errors);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void TruncatedGzipKeepsWhatArrivedAndReportsTheRest()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 20000; i++)
        {
            text.Append("{\"n\":").Append(i).Append(",\"pad\":\"").Append(i * 7919 % 100003).Append("\"}\n");
        }
        byte[] gz = Gzip(text.ToString());
        byte[] truncated = gz[..(gz.Length / 2)];
        var sink = CollectingSink.Read(truncated);
        Assert.NotEmpty(sink.Errors);
        Assert.Contains(sink.Errors, e => e.Reason.Contains("truncated", StringComparison.Ordinal));
        Assert.InRange(sink.Records.Count, 1, 19999);
        // Everything delivered is a complete, in-order line of the original.
        for (int i = 0; i < sink.Records.Count; i++)
        {
            Assert.StartsWith("{\"n\":" + i + ",", sink.Records[i].Source, StringComparison.Ordinal);
            Assert.EndsWith("\"}", sink.Records[i].Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InvalidUtf8IsReportedWithColumnAndTheNextLineStillArrives()
    {
        byte[] bytes = [.. "{\"a\":\"x"u8, 0xC3, 0x28, .. "\"}\n{\"b\":1}\n"u8];
        var sink = CollectingSink.Read(bytes);
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(8, error.Column);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["{\"b\":1}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void LineOverTheLimitWithinTheBufferIsSkipped()
    {
        string longLine = "{\"a\":\"" + new string('x', 300) + "\"}";
        var sink = CollectingSink.Read($"{{\"first\":1}}\n{longLine}\n{{\"b\":1}}\n", new ReaderOptions { MaxRecordBytes = 100 });
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("limit of 100", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["{\"first\":1}", "{\"b\":1}"], sink.Records.Select(r => r.Source));
        Assert.Equal(3, sink.Records[1].Line);
    }

    [Fact]
    public void LineLongerThanTheBufferIsSkippedWithoutBufferingIt()
    {
        string huge = "{\"a\":\"" + new string('x', 50_000) + "\"}";
        var options = new ReaderOptions { MaxRecordBytes = 1000, BufferBytes = 4096 };
        var sink = CollectingSink.Read($"{{\"first\":1}}\n{huge}\n{{\"b\":1}}\n{huge}", options);
        Assert.Equal(2, sink.Errors.Count);
        Assert.Equal([2L, 4L], sink.Errors.Select(e => e.Line));
        Assert.Equal(["{\"first\":1}", "{\"b\":1}"], sink.Records.Select(r => r.Source));
        Assert.Equal(3, sink.Records[1].Line);
    }

    [Fact]
    public void LinesLongerThanTheInitialBufferButUnderTheLimitArrive()
    {
        string big = "{\"a\":\"" + new string('y', 20_000) + "\"}";
        var sink = CollectingSink.Read($"{big}\n{{\"b\":1}}\n{big}\n", new ReaderOptions { BufferBytes = 4096 });
        Assert.Empty(sink.Errors);
        Assert.Equal([big, "{\"b\":1}", big], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void PlainLinesAreNotParsedUnlessAsked()
    {
        const string text = "{\"a\":1}\n{\"broken\":}\n{\"c\":3}\n";
        var lenient = CollectingSink.Read(text);
        Assert.Empty(lenient.Errors);
        Assert.Equal(3, lenient.Records.Count);

        var strict = CollectingSink.Read(text, new ReaderOptions { ValidateNdjson = true });
        InputError error = Assert.Single(strict.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(11, error.Column); // the "}" where a value belongs
        Assert.Equal(["{\"a\":1}", "{\"c\":3}"], strict.Records.Select(r => r.Source));
    }

    [Fact]
    public void DepthLimitIsEnforcedWhenValidating()
    {
        string deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)) + "}";
        var sink = CollectingSink.Read($"{deep}\n{{\"ok\":true}}\n", new ReaderOptions { ValidateNdjson = true });
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("depth", error.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["{\"ok\":true}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void RecordsSpanningBufferBoundariesArriveWhole()
    {
        var text = new StringBuilder();
        var expected = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            string line = "{\"i\":" + i + ",\"s\":\"" + new string((char)('a' + i % 26), i % 97) + "\"}";
            expected.Add(line);
            text.Append(line).Append('\n');
        }
        var sink = CollectingSink.Read(text.ToString(), new ReaderOptions { BufferBytes = 4096 });
        Assert.Empty(sink.Errors);
        Assert.Equal(expected, sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void ConcatenatedGzipMembersAreReadWithoutFalseAlarm()
    {
        byte[] both = [.. Gzip("{\"a\":1}\n{\"b\":2}\n"), .. Gzip("{\"c\":3}\n")];
        var sink = CollectingSink.Read(both);
        Assert.Empty(sink.Errors);
        Assert.Equal(3, sink.Records.Count);
    }

    [Fact]
    public void TruncatedGzipOfAPrettyDocumentIsReported()
    {
        byte[] gz = Gzip("[\n" + string.Join(",\n", Enumerable.Range(0, 5000).Select(i => "{\"n\":" + i + "}")) + "\n]\n");
        var sink = CollectingSink.Read(gz[..(gz.Length - 6)]);
        Assert.Contains(sink.Errors, e => e.Reason.Contains("truncated", StringComparison.Ordinal));
    }

    internal static byte[] Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }
}
