using System.Text;
using System.Text.Json;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

public sealed class JsonDocumentReaderTests
{
    [Fact]
    public void PrettyPrintedArrayElementsAreRecords()
    {
        const string text = "[\n  {\n    \"a\": 1\n  },\n  {\n    \"b\": [1, 2]\n  }\n]\n";
        var sink = CollectingSink.Read(text);
        Assert.Empty(sink.Errors);
        Assert.Equal(2, sink.Records.Count);
        Assert.Equal("{\n    \"a\": 1\n  }", sink.Records[0].Source);
        Assert.Equal([2L, 5L], sink.Records.Select(r => r.Line));
    }

    [Fact]
    public void ElasticsearchQaDataWithCommentsReadsLikeAnIndependentParse()
    {
        string? shared = TestPaths.Shared();
        if (shared is null)
        {
            return;
        }
        string dataFolder = Path.Combine(shared, "corpus", "eql-elasticsearch", "data");
        foreach (string file in Directory.GetFiles(dataFolder, "*.data"))
        {
            // Oracle: drop the comment lines, let JsonDocument parse the rest, count the array's elements.
            string text = File.ReadAllText(file);
            string withoutComments = string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            using JsonDocument document = JsonDocument.Parse(withoutComments, new JsonDocumentOptions { AllowTrailingCommas = true });
            var expected = document.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();

            var sink = new CollectingSink();
            InputReader.ReadPath(file, sink);
            Assert.Empty(sink.Errors);
            Assert.Equal(expected.Count, sink.Records.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                using JsonDocument record = JsonDocument.Parse(sink.Records[i].Source);
                Assert.Equal(Normalise(expected[i]), Normalise(record.RootElement.GetRawText()));
            }
        }
    }

    [Fact]
    public void BrokenElementIsReportedAndNeighboursArrive()
    {
        const string text = "[\n {\"a\": 1},\n {\"b\": tru},\n {\"c\": 3}\n]";
        var sink = CollectingSink.Read(text);
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(11, error.Column); // "tru" is found wanting at the "}"
        Assert.Equal(["{\"a\": 1}", "{\"c\": 3}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void ElementMissingItsClosingBraceDoesNotSwallowTheNextOne()
    {
        const string text = "[\n  {\n    \"a\": {\"x\": 1}\n  ,\n  {\n    \"b\": 2\n  },\n  {\n    \"c\": 3\n  }\n]\n";
        var sink = CollectingSink.Read(text);
        Assert.NotEmpty(sink.Errors);
        Assert.Equal(["{\n    \"b\": 2\n  }", "{\n    \"c\": 3\n  }"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void SingleLineArrayRecoversAfterABrokenElement()
    {
        var sink = CollectingSink.Read("[{\"a\":1},{\"b\":[1,2},{\"c\":3}]");
        Assert.NotEmpty(sink.Errors);
        Assert.Equal(1, sink.Errors[0].Line);
        Assert.Equal(["{\"a\":1}", "{\"c\":3}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void TooDeepElementIsReportedAndTheNextArrives()
    {
        string deep = "{\"a\":" + new string('[', 65) + new string(']', 65) + "}";
        var sink = CollectingSink.Read($"[\n{deep},\n{{\"ok\":1}}\n]");
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("deeper than the limit of 64", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["{\"ok\":1}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void InvalidUtf8ElementIsReportedAndTheNextArrives()
    {
        byte[] bytes = [.. "[\n{\"a\":\""u8, 0xFF, .. "\"},\n{\"b\":1}\n]"u8];
        var sink = CollectingSink.Read(bytes);
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Equal(["{\"b\":1}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void OversizedElementIsReportedAndTheNextArrives()
    {
        string big = "{\"a\":\"" + new string('x', 500) + "\"}";
        var sink = CollectingSink.Read($"[{big},\n{{\"b\":1}}]", new ReaderOptions { MaxRecordBytes = 100 });
        Assert.Single(sink.Errors);
        Assert.Equal(["{\"b\":1}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void NonObjectElementsAreReported()
    {
        var sink = CollectingSink.Read("[1, {\"a\":1}, \"x\"]");
        Assert.Equal(2, sink.Errors.Count);
        Assert.Equal(["{\"a\":1}"], sink.Records.Select(r => r.Source));
    }

    [Fact]
    public void UnterminatedArrayKeepsItsCompleteElements()
    {
        var sink = CollectingSink.Read("[\n{\"a\":1},\n{\"b\":2}");
        Assert.Single(sink.Errors);
        Assert.Equal(2, sink.Records.Count);
    }

    [Fact]
    public void PrettyPrintedConcatenatedObjectsAreRecords()
    {
        var sink = CollectingSink.Read("{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n");
        Assert.Empty(sink.Errors);
        Assert.Equal(["{\n  \"a\": 1\n}", "{\n  \"b\": 2\n}"], sink.Records.Select(r => r.Source));
        Assert.Equal([1L, 4L], sink.Records.Select(r => r.Line));
    }

    [Fact]
    public void SearchResponseHitsCarryTheirEnvelope()
    {
        const string text = """
            {
              "took": 3,
              "timed_out": false,
              "_shards": {"total": 1},
              "hits": {
                "total": {"value": 3, "relation": "eq"},
                "hits": [
                  {"_index": ".ds-logs-endpoint.events.process-default-2026.11.27-000001", "_id": "a1", "_source": {"process": {"name": "cat"}}},
                  {"_index": "i2", "_id": "a2", "_source": {"broken": }},
                  {"_index": "i\u0033", "_id": "a3", "_source": {"x": 1}}
                ]
              }
            }
            """;
        var sink = CollectingSink.Read(text);
        InputError error = Assert.Single(sink.Errors);
        Assert.Equal(9, error.Line);
        Assert.Equal(2, sink.Records.Count);
        Assert.Equal("{\"process\": {\"name\": \"cat\"}}", sink.Records[0].Source);
        Assert.Equal(".ds-logs-endpoint.events.process-default-2026.11.27-000001", sink.Records[0].Index);
        Assert.Equal("a1", sink.Records[0].Id);
        Assert.Equal("i3", sink.Records[1].Index); // the escape is decoded
        Assert.Equal(10, sink.Records[1].Line);
    }

    [Fact]
    public void ArrayOfHitsIsUnwrapped()
    {
        var sink = CollectingSink.Read("[{\"_index\":\"i\",\"_id\":\"1\",\"_source\":{\"a\":1}},{\"_index\":\"i\",\"_id\":\"2\"}]");
        Assert.Equal(["{\"a\":1}"], sink.Records.Select(r => r.Source));
        Assert.Contains("no _source", Assert.Single(sink.Errors).Reason, StringComparison.Ordinal);
    }

    private static string Normalise(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
