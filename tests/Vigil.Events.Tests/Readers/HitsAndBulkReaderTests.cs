using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

public sealed class HitsAndBulkReaderTests
{
    [Fact]
    public void HitPerLineExportsGiveSourceIndexAndId()
    {
        const string text = """
            {"_index":"logs-endpoint.events.process-default","_id":"x1","_score":1,"_source":{"a":1}}
            {"_index":"logs-endpoint.events.network-default","_id":"x2","_source":{"b":{"c":2}}}
            """;
        var sink = CollectingSink.Read(text);
        Assert.Empty(sink.Errors);
        Assert.Equal([("{\"a\":1}", "logs-endpoint.events.process-default", "x1"), ("{\"b\":{\"c\":2}}", "logs-endpoint.events.network-default", "x2")],
            sink.Records.Select(r => (r.Source, r.Index, r.Id)));
        Assert.Equal([1L, 2L], sink.Records.Select(r => r.Line));
    }

    [Fact]
    public void BrokenHitLineIsReportedAndTheNextArrives()
    {
        const string text = """
            {"_index":"i","_id":"1","_source":{"a":1}}
            {"_index":"i","_id":"2","_source":{"a":}}
            {"_index":"i","_id":"3"}
            {"_index":"i","_id":"4","_source":{"a":4}}
            """;
        var sink = CollectingSink.Read(text);
        Assert.Equal(2, sink.Errors.Count);
        Assert.Equal(2, sink.Errors[0].Line);
        Assert.Equal(40, sink.Errors[0].Column);
        Assert.Equal(3, sink.Errors[1].Line);
        Assert.Equal(["1", "4"], sink.Records.Select(r => r.Id));
    }

    [Fact]
    public void BulkBodiesPairActionsWithSources()
    {
        const string text = """
            {"index":{"_index":"logs-a","_id":"1"}}
            {"a":1}
            {"create":{"_index":"logs-b"}}
            {"b":2}
            {"delete":{"_index":"logs-a","_id":"1"}}
            {"index":{}}
            {"c":3}
            """;
        var sink = CollectingSink.Read(text);
        Assert.Empty(sink.Errors);
        Assert.Equal([("{\"a\":1}", "logs-a", "1", 2L), ("{\"b\":2}", "logs-b", "", 4L), ("{\"c\":3}", "", "", 7L)],
            sink.Records.Select(r => (r.Source, r.Index, r.Id, r.Line)));
    }

    [Fact]
    public void BulkActionWithoutSourceIsReportedAndTheNextPairArrives()
    {
        const string text = """
            {"index":{"_index":"logs-a","_id":"1"}}
            {"index":{"_index":"logs-a","_id":"2"}}
            {"a":2}
            {"create":{"_index":"logs-a","_id":"3"}}
            """;
        var sink = CollectingSink.Read(text);
        Assert.Equal(2, sink.Errors.Count);
        Assert.Equal([1L, 4L], sink.Errors.Select(e => e.Line));
        Assert.All(sink.Errors, e => Assert.Contains("no source line", e.Reason, StringComparison.Ordinal));
        Assert.Equal([("{\"a\":2}", "2")], sink.Records.Select(r => (r.Source, r.Id)));
    }

    [Fact]
    public void BulkBrokenSourceAndUpdateAreReportedAndTheNextPairArrives()
    {
        const string text = """
            {"index":{"_index":"logs-a","_id":"1"}}
            {"a":
            {"update":{"_index":"logs-a","_id":"2"}}
            {"doc":{"a":2}}
            {"index":{"_index":"logs-a","_id":"3"}}
            {"a":3}
            """;
        var sink = CollectingSink.Read(text);
        Assert.Equal([2L, 4L], sink.Errors.Select(e => e.Line));
        Assert.Equal(["3"], sink.Records.Select(r => r.Id));
    }

    [Fact]
    public void BulkSourceThatLooksLikeAnEventIsNotMistakenForAnAction()
    {
        // {"index": {...}} with non-metadata members is an event that happens to have an "index" field.
        const string text = """
            {"index":{"_index":"logs-a","_id":"1"}}
            {"index":{"name":"web","shards":3}}
            """;
        var sink = CollectingSink.Read(text);
        Assert.Empty(sink.Errors);
        Assert.Equal(["{\"index\":{\"name\":\"web\",\"shards\":3}}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void FormatOverrideWins()
    {
        const string text = "{\"_index\":\"i\",\"_id\":\"1\",\"_source\":{\"a\":1}}\n";
        var sink = CollectingSink.Read(text, new ReaderOptions { Format = InputFormat.Ndjson });
        Assert.Equal([text.TrimEnd()], sink.Records.Select(r => r.Source));
        Assert.Equal("", sink.Records[0].Index);
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"b\":2}\n", InputFormat.Ndjson)]
    [InlineData("  \n{\"a\":1}", InputFormat.Ndjson)]
    [InlineData("[{\"a\":1}]", InputFormat.Json)]
    [InlineData("// comment\n[\n{\"a\":1}]", InputFormat.Json)]
    [InlineData("{\n \"a\": 1\n}\n", InputFormat.Json)]
    [InlineData("{\"_index\":\"i\",\"_source\":{}}\n", InputFormat.Hits)]
    [InlineData("{\"took\":1,\"hits\":{\"hits\":[]}}", InputFormat.Hits)]
    [InlineData("{\"index\":{\"_index\":\"i\"}}\n{\"a\":1}\n", InputFormat.Bulk)]
    [InlineData("{\"delete\":{\"_index\":\"i\",\"_id\":\"1\"}}\n", InputFormat.Bulk)]
    [InlineData("{\"index\":{\"name\":\"x\"}}\n", InputFormat.Ndjson)]
    [InlineData("{\"broken\n{\"a\":1}\n", InputFormat.Ndjson)]
    [InlineData("", InputFormat.Ndjson)]
    public void FormatIsDetectedFromContent(string head, InputFormat expected) =>
        Assert.Equal(expected, FormatDetector.Detect(System.Text.Encoding.UTF8.GetBytes(head), isWholeInput: true));
}
