using System.Text;
using CsCheck;
using Vigil.Events.Readers;

namespace Vigil.Events.Tests.Readers;

/// <summary>
/// JSON documents and search responses larger than the sniffed head and the read buffer: they are streamed value by
/// value, so their size does not matter, and a cut-off first line does not cost the NDJSON lines after it.
/// </summary>
public sealed class StreamedDocumentTests
{
    // A buffer far smaller than the document, so every value crosses buffer boundaries somewhere.
    private static readonly ReaderOptions Small = new() { BufferBytes = 4096, MaxRecordBytes = 64 * 1024 };

    private static string Event(int i) => $"{{\"@timestamp\":\"2026-11-27T08:00:{i % 60:00}.000Z\",\"event\":{{\"id\":\"e{i}\"}},\"pad\":\"{new string('p', i % 97)}\"}}";

    private static string Response(int hits, bool pretty)
    {
        var builder = new StringBuilder("{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1},\"hits\":{\"total\":{\"value\":");
        builder.Append(hits).Append("},\"max_score\":null,\"hits\":[");
        for (var i = 0; i < hits; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(pretty ? "\n    " : "")
                .Append($"{{\"_index\":\"logs-x-default\",\"_id\":\"h{i}\",\"_source\":{Event(i)}}}");
        }
        builder.Append(pretty ? "\n  ]\n}," : "]},").Append("\"aggregations\":{\"a\":{\"buckets\":[{\"key\":\"]}\"}]}}}");
        return builder.ToString();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_search_response_larger_than_the_head_gives_every_hit_in_order(bool pretty)
    {
        // 2,000 hits of ~150 bytes: about 300 KB against a 4 KB head and buffer.
        var sink = CollectingSink.Read(Response(2000, pretty), Small);
        Assert.Empty(sink.Errors);
        Assert.Equal(2000, sink.Records.Count);
        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal(Event(i), sink.Records[i].Source);
            Assert.Equal($"h{i}", sink.Records[i].Id);
            Assert.Equal("logs-x-default", sink.Records[i].Index);
        }
        if (pretty)
        {
            // Hit i is on line i + 2 (line 1 holds the response's opening members).
            Assert.Equal(2, sink.Records[0].Line);
            Assert.Equal(2001, sink.Records[1999].Line);
        }
    }

    [Fact]
    public void A_broken_hit_in_a_streamed_response_is_reported_on_its_line_and_the_others_arrive()
    {
        var text = Response(300, pretty: true).Replace("\"_id\":\"h150\",\"_source\":{", "\"_id\":\"h150\",\"_source\":{\"x\":tru,", StringComparison.Ordinal);
        var sink = CollectingSink.Read(text, Small);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(152, error.Line);
        Assert.Equal(299, sink.Records.Count);
        Assert.DoesNotContain(sink.Records, r => r.Id == "h150");
    }

    [Fact]
    public void A_big_pretty_array_of_events_is_streamed()
    {
        var text = "[\n" + string.Join(",\n", Enumerable.Range(0, 3000).Select(i => "  " + Event(i))) + "\n]\n";
        var sink = CollectingSink.Read(text, Small);
        Assert.Empty(sink.Errors);
        Assert.Equal(Enumerable.Range(0, 3000).Select(Event), sink.Records.Select(r => r.Source));
        Assert.Equal(3001, sink.Records[^1].Line);
        Assert.Equal(4, sink.Records[0].Offset); // after "[\n  "
    }

    [Theory]
    [InlineData("[{\"x\":")]
    [InlineData("[\"unterminated")]
    [InlineData("[{\"a\":1},{\"b\":")]
    [InlineData("{\"cut\":\"")]
    public void A_cut_off_first_line_does_not_cost_the_ndjson_lines_after_it(string firstLine)
    {
        var lines = Enumerable.Range(0, 2000).Select(Event).ToList();
        var text = firstLine + "\n" + string.Join("\n", lines) + "\n";
        // Plain NDJSON lines are parsed later (projection) unless validated here: validate to see the error here.
        foreach (var options in new[] { Small with { ValidateNdjson = true }, new ReaderOptions { ValidateNdjson = true } })
        {
            var sink = CollectingSink.Read(text, options);
            Assert.Equal(lines, sink.Records.Select(r => r.Source));
            Assert.Equal(2, sink.Records[0].Line);
            var error = Assert.Single(sink.Errors);
            Assert.Equal(1, error.Line);
        }
    }

    [Fact]
    public void An_array_that_never_closes_falls_back_to_lines_and_says_so()
    {
        // Detected as an array (its second line is an element with a trailing comma), but it never closes.
        var text = "[{\"x\":1},\n{\"y\":[1,\n" + string.Join("\n", Enumerable.Range(0, 50).Select(Event)) + "\n";
        var sink = CollectingSink.Read(text, Small);
        Assert.Equal("{\"x\":1}", sink.Records[0].Source);
        Assert.Equal(Enumerable.Range(0, 50).Select(Event), sink.Records.Skip(1).Select(r => r.Source));
        var error = Assert.Single(sink.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("read as NDJSON lines from line 3", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_line_and_pretty_single_element_arrays_stay_arrays()
    {
        Assert.Equal(InputFormat.Json, FormatDetector.Detect("[\n{\"a\":1}\n]\n"u8, true));
        Assert.Equal(InputFormat.Json, FormatDetector.Detect("[{\"a\":1},\n{\"b\":2}\n]\n"u8, true));
        Assert.Equal(InputFormat.Json, FormatDetector.Detect("{\n  \"a\": 1\n}\n"u8, true));
        Assert.Equal(InputFormat.Ndjson, FormatDetector.Detect("[{\"x\":\n{\"a\":1}\n{\"b\":2}\n"u8, true));
        Assert.Equal(InputFormat.Ndjson, FormatDetector.Detect("{\"x\":\n{\"a\":1}\n"u8, true));
    }

    [Fact]
    public void Whatever_the_buffer_size_a_response_gives_the_same_records_and_errors()
    {
        var text = Encoding.UTF8.GetBytes(Response(120, pretty: true).Replace("\"_id\":\"h7\"", "\"_id\":\"h7\",\"x\":[}", StringComparison.Ordinal));
        var reference = CollectingSink.Read(text, new ReaderOptions { BufferBytes = 1 << 20 });
        Assert.Equal(119, reference.Records.Count);
        Gen.Int[4096, 20_000].Sample(size =>
        {
            var sink = CollectingSink.Read(text, new ReaderOptions { BufferBytes = size, MaxRecordBytes = 64 * 1024 });
            Assert.Equal(reference.Records, sink.Records);
            Assert.Equal(reference.Errors, sink.Errors);
        }, iter: 40);
    }
}
