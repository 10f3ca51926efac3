using System.Text;
using Vigil.Server.Ingest;

namespace Vigil.Server.Tests.Ingest;

public sealed class BulkRequestParserTests
{
    private static List<BulkOperation> Parse(string body, string? defaultIndex = null)
    {
        var operations = new List<BulkOperation>();
        BulkRequestParser.Parse(Encoding.UTF8.GetBytes(body), defaultIndex, operations);
        return operations;
    }

    private static string Source(BulkOperation op) => Encoding.UTF8.GetString(op.Source.Span);

    [Fact]
    public void Index_create_and_delete_actions_are_split_with_their_documents_and_line_numbers()
    {
        var ops = Parse("{\"index\":{\"_index\":\"a\",\"_id\":\"1\"}}\n{\"x\":1}\n{\"delete\":{\"_index\":\"a\",\"_id\":\"2\"}}\n{\"create\":{}}\n{\"y\":2}\n", "d");
        Assert.Equal(3, ops.Count);
        Assert.Equal((BulkActionKind.Index, "a", "1", "{\"x\":1}", 1), (ops[0].Kind, ops[0].Index, ops[0].Id, Source(ops[0]), ops[0].ActionLine));
        Assert.Equal((BulkActionKind.Delete, "a", "2", 3), (ops[1].Kind, ops[1].Index, ops[1].Id, ops[1].ActionLine));
        Assert.Equal((BulkActionKind.Create, "d", null, "{\"y\":2}", 4), (ops[2].Kind, ops[2].Index, ops[2].Id, Source(ops[2]), ops[2].ActionLine));
    }

    [Fact]
    public void Carriage_returns_before_line_feeds_are_dropped_and_blank_action_lines_skipped()
    {
        var ops = Parse("\r\n{\"index\":{\"_index\":\"a\"}}\r\n{\"x\":1}\r\n\n");
        var op = Assert.Single(ops);
        Assert.Equal("{\"x\":1}", Source(op));
        Assert.Equal(2, op.ActionLine);
    }

    [Fact]
    public void Op_type_create_on_an_index_action_makes_it_a_create()
    {
        var op = Assert.Single(Parse("{\"index\":{\"_index\":\"a\",\"_id\":\"k\",\"op_type\":\"create\",\"pipeline\":\"p\"}}\n{}\n"));
        Assert.Equal(BulkActionKind.Create, op.Kind);
    }

    [Fact]
    public void A_body_without_a_final_line_feed_is_refused_as_elasticsearch_refuses_it()
    {
        var error = Assert.Throws<BulkFormatException>(() => Parse("{\"index\":{\"_index\":\"a\"}}\n{\"x\":1}"));
        Assert.Equal("illegal_argument_exception", error.Type);
        Assert.Equal("The bulk request must be terminated by a newline [\\n]", error.Message);
    }

    [Theory]
    [InlineData("{\"index\":{\"_index\":\"a\"}}\n{}\n[1]\n{}\n", "Malformed action/metadata line [3], expected START_OBJECT but found [START_ARRAY]")]
    [InlineData("{\"index\":{\"_index\":\"a\"}}\n{}\n{\"upsert\":{}}\n{}\n", "Malformed action/metadata line [3], expected one of [create, delete, index, update] but found [upsert]")]
    [InlineData("{\"index\":{\"_index\":\"a\",\"_type\":\"doc\"}}\n{}\n", "Action/metadata line [1] contains an unknown parameter [_type]")]
    [InlineData("{\"index\":{\"_index\":[\"a\"]}}\n{}\n", "Malformed action/metadata line [1], expected a simple value for field [_index] but found [START_ARRAY]")]
    [InlineData("{\"index\":\"a\"}\n{}\n", "Malformed action/metadata line [1], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]")]
    public void A_malformed_action_line_refuses_the_request_naming_the_line(string body, string reason)
    {
        var error = Assert.Throws<BulkFormatException>(() => Parse(body));
        Assert.Equal("illegal_argument_exception", error.Type);
        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void An_action_line_that_is_not_json_is_an_x_content_parse_exception_with_its_line()
    {
        var error = Assert.Throws<BulkFormatException>(() => Parse("{\"create\":{\"_index\":\"a\"}}\n{}\n{\"create\":{\"_index\":\"a\"}\n{}\n"));
        Assert.Equal("x_content_parse_exception", error.Type);
        Assert.StartsWith("[3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Malformed action/metadata line [3]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_index")]
    [InlineData("_id")]
    [InlineData("routing")]
    public void Invalid_utf8_in_an_action_line_refuses_the_request_with_its_line_and_byte(string field)
    {
        // A fuzz find: a bad byte in a value the reader decodes threw InvalidOperationException (a 500, not a 400).
        var body = new List<byte>();
        body.AddRange("{\"create\":{\"_index\":\"a\"}}\n{}\n"u8.ToArray());
        var badLine = $"{{\"create\":{{\"_index\":\"a\",\"{field}\":\"x";
        body.AddRange(Encoding.UTF8.GetBytes(badLine));
        int offset = badLine.Length; // the bad byte comes right after that ASCII prefix of line 3
        body.Add(0xC3); // a lead byte followed by '"': not UTF-8
        body.AddRange("\"}}\n{}\n"u8.ToArray());
        var error = Assert.Throws<BulkFormatException>(() => BulkRequestParser.Parse(body.ToArray(), null, []));
        Assert.Equal("x_content_parse_exception", error.Type);
        Assert.Equal($"[3:{offset + 1}] Malformed action/metadata line [3]: Invalid UTF-8 byte 0xc3 at byte offset {offset}", error.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_an_action_line_is_read_not_a_500()
    {
        // A fuzz find: the id and the field name threw InvalidOperationException out of System.Text.Json.
        var op = Assert.Single(Parse("{\"index\":{\"_index\":\"a\\u0062\",\"_id\":\"x\\udd68\"}}\n{\"m\":\"\\udd68\"}\n"));
        Assert.Equal(("ab", "x\uFFFD"), (op.Index, op.Id));
        var error = Assert.Throws<BulkFormatException>(() => Parse("{\"index\":{\"\\udd68\":1}}\n{}\n"));
        Assert.Contains("unknown parameter [\uFFFD]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_without_an_index_and_no_default_fails_validation()
    {
        var error = Assert.Throws<BulkFormatException>(() => Parse("{\"create\":{}}\n{}\n"));
        Assert.Equal("action_request_validation_exception", error.Type);
        Assert.Contains("index is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_action_without_its_document_line_is_refused_not_dropped()
    {
        var error = Assert.Throws<BulkFormatException>(() => Parse("{\"create\":{\"_index\":\"a\"}}\n{}\n{\"create\":{\"_index\":\"a\"}}\n"));
        Assert.Contains("line [3]", error.Message, StringComparison.Ordinal);
    }
}
