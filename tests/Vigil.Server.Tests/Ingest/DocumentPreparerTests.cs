using System.Text;
using System.Text.Json;
using Vigil.Server.Ingest;

namespace Vigil.Server.Tests.Ingest;

public sealed class DocumentPreparerTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 12, 3, 7, 30, 15, 250, TimeSpan.Zero);

    private static PreparedDocument Prepare(string json) => new DocumentPreparer(Arrival).Prepare(Encoding.UTF8.GetBytes(json), "id1");

    private static string Text(PreparedDocument document) => Encoding.UTF8.GetString(document.LineToArray());

    [Fact]
    public void A_document_with_event_ingested_is_passed_on_as_the_same_bytes()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("{\"@timestamp\":\"2026-11-27T08:00:00.322665Z\",\"event\":{\"ingested\":\"2026-11-27T08:00:02Z\"}}");
        var document = new DocumentPreparer(Arrival).Prepare(bytes, "x");
        Assert.False(document.Failed);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document.Source, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero).AddTicks(3_226_650), document.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 2, TimeSpan.Zero), document.Ingested);
    }

    [Fact]
    public void A_document_without_event_ingested_is_not_copied_the_field_travels_as_an_insertion()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("{\"a\":1,\"event\":{\"kind\":\"event\"}}");
        var document = new DocumentPreparer(Arrival).Prepare(bytes, "x");
        Assert.False(document.Failed, document.ErrorReason);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(document.Source, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(16, document.Insertion.At); // just after the event object's brace
        Assert.Equal("\"ingested\":\"2026-12-03T07:30:15Z\",", Encoding.UTF8.GetString(document.Insertion.Bytes.Span));
    }

    [Theory]
    [InlineData("{\"a\":1,\"event\":{\"kind\":\"event\"}}", "{\"a\":1,\"event\":{\"ingested\":\"2026-12-03T07:30:15Z\",\"kind\":\"event\"}}")]
    [InlineData("{\"event\":{}}", "{\"event\":{\"ingested\":\"2026-12-03T07:30:15Z\"}}")]
    [InlineData("{\"a\":1}", "{\"event\":{\"ingested\":\"2026-12-03T07:30:15Z\"},\"a\":1}")]
    [InlineData("{}", "{\"event\":{\"ingested\":\"2026-12-03T07:30:15Z\"}}")]
    [InlineData("{\"host\":{\"event\":{}},\"event\":{\"a\":{\"ingested\":1}}}", "{\"host\":{\"event\":{}},\"event\":{\"ingested\":\"2026-12-03T07:30:15Z\",\"a\":{\"ingested\":1}}}")]
    public void Event_ingested_is_set_to_the_arrival_second_when_absent(string input, string expected)
    {
        var document = Prepare(input);
        Assert.False(document.Failed, document.ErrorReason);
        Assert.Equal(expected, Text(document));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 7, 30, 15, TimeSpan.Zero), document.Ingested);
    }

    [Theory]
    [InlineData("{\"event.ingested\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"event\":{\"ingested\":null}}")]
    [InlineData("{\"event\":\"text\"}")]
    [InlineData("{\"event\":null}")]
    public void A_document_whose_event_cannot_take_the_field_is_kept_as_sent(string input)
    {
        var document = Prepare(input);
        Assert.False(document.Failed, document.ErrorReason);
        Assert.Equal(input, Text(document));
    }

    [Fact]
    public void Line_breaks_between_tokens_become_spaces_so_the_document_is_one_line()
    {
        var document = Prepare("{\r\n  \"a\": \"x\\ny\",\n  \"event\": {\"ingested\": \"2026-01-01T00:00:00Z\"}\n}\n");
        Assert.False(document.Failed);
        string text = Text(document);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\r', text);
        using var parsed = JsonDocument.Parse(text);
        Assert.Equal("x\ny", parsed.RootElement.GetProperty("a").GetString());
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "Duplicate field 'a'")]
    [InlineData("{\"p\":{\"name\":\"x\",\"pid\":1,\"name\":\"y\"}}", "Duplicate field 'name'")]
    [InlineData("{\"list\":[{\"k\":1,\"k\":1}]}", "Duplicate field 'k'")]
    public void A_field_twice_in_one_object_is_refused(string input, string expected)
    {
        var document = Prepare(input);
        Assert.True(document.Failed);
        Assert.Equal("document_parsing_exception", document.ErrorType);
        Assert.EndsWith("failed to parse: " + expected, document.ErrorReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_name_in_sibling_objects_is_not_a_duplicate()
    {
        var document = Prepare("{\"a\":{\"k\":1},\"b\":{\"k\":2},\"c\":[{\"k\":1},{\"k\":2}],\"k\":3}");
        Assert.False(document.Failed, document.ErrorReason);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_the_offset_of_the_bad_byte()
    {
        byte[] bytes = [.. "{\"a\":\"x"u8, 0xFF, .. "\"}"u8];
        var document = new DocumentPreparer(Arrival).Prepare(bytes, "id");
        Assert.True(document.Failed);
        Assert.Equal("document_parsing_exception", document.ErrorType);
        Assert.Contains("Invalid UTF-8 byte 0xff at byte offset 7", document.ErrorReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "Malformed content, must start with an object")]
    [InlineData("{\"a\":}", "failed to parse")]
    [InlineData("{\"a\":1} {\"b\":2}", "failed to parse")]
    [InlineData("{\"a\":1", "failed to parse")]
    [InlineData("   ", "document is empty")]
    public void Content_that_is_not_one_json_object_is_refused(string input, string expected)
    {
        var document = Prepare(input);
        Assert.True(document.Failed);
        Assert.Equal("document_parsing_exception", document.ErrorType);
        Assert.Contains(expected, document.ErrorReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"2026-11-27T08:00:00Z\"", "2026-11-27T08:00:00+00:00")]
    [InlineData("\"2026-11-27T09:00:00+01:00\"", "2026-11-27T08:00:00+00:00")]
    [InlineData("\"2026-11-27\"", "2026-11-27T00:00:00+00:00")]
    [InlineData("1795766400000", "2026-11-27T08:00:00+00:00")]
    [InlineData("\"1795766400000\"", "2026-11-27T08:00:00+00:00")]
    public void Timestamps_are_read_as_strict_date_optional_time_or_epoch_millis(string value, string expected)
    {
        var document = Prepare("{\"@timestamp\":" + value + "}");
        Assert.False(document.Failed, document.ErrorReason);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), document.Timestamp);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("true")]
    [InlineData("{\"a\":1}")]
    public void An_unreadable_timestamp_fails_the_document_as_a_date_mapping_would(string value)
    {
        var document = Prepare("{\"@timestamp\":" + value + "}");
        Assert.True(document.Failed);
        Assert.StartsWith("failed to parse field [@timestamp] of type [date] in document with id 'id1'", document.ErrorReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_without_timestamp_has_none()
    {
        var document = Prepare("{\"message\":\"hi\"}");
        Assert.False(document.Failed);
        Assert.Null(document.Timestamp);
    }
}
