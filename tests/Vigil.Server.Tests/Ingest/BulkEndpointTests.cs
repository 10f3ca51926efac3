using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Ingest;

public sealed class BulkEndpointTests(TestServer server) : IClassFixture<TestServer>
{
    private static string Index() => "logs-test-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, HttpContent content)
    {
        using var response = await server.Client.PostAsync(new Uri(path, UriKind.Relative), content);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_bad_document_fails_only_its_item_and_the_good_ones_are_stored()
    {
        string index = Index();
        string body =
            $"{{\"create\":{{\"_index\":\"{index}\"}}}}\n{{\"@timestamp\":\"2026-12-01T00:00:00Z\",\"n\":1}}\n" +
            $"{{\"create\":{{\"_index\":\"{index}\"}}}}\n{{\"n\":2,\"n\":3}}\n" +
            $"{{\"create\":{{\"_index\":\"{index}\"}}}}\n{{\"n\":\n" +
            $"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"given\"}}}}\n{{\"n\":4}}\n" +
            $"{{\"update\":{{\"_index\":\"{index}\",\"_id\":\"given\"}}}}\n{{\"doc\":{{\"n\":5}}}}\n" +
            $"{{\"delete\":{{\"_index\":\"{index}\",\"_id\":\"given\"}}}}\n" +
            $"{{\"create\":{{\"_index\":\"Upper\"}}}}\n{{\"n\":6}}\n";
        var (status, json) = await PostAsync("/_bulk", TestServer.Ndjson(body));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("errors").GetBoolean());
        Assert.True(json.GetProperty("took").GetInt64() >= 0);
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(7, items.Count);
        string[] actions = ["create", "create", "create", "index", "update", "delete", "create"];
        int[] statuses = [201, 400, 400, 201, 400, 400, 400];
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i].GetProperty(actions[i]);
            Assert.Equal(statuses[i], item.GetProperty("status").GetInt32());
        }
        var first = items[0].GetProperty("create");
        Assert.Equal(index, first.GetProperty("_index").GetString());
        Assert.Equal(20, first.GetProperty("_id").GetString()!.Length);
        Assert.Equal(1, first.GetProperty("_version").GetInt64());
        Assert.Equal("created", first.GetProperty("result").GetString());
        Assert.Equal(1, first.GetProperty("_shards").GetProperty("successful").GetInt32());
        Assert.True(first.GetProperty("_seq_no").GetInt64() >= 0);
        Assert.Equal(1, first.GetProperty("_primary_term").GetInt64());
        Assert.Equal("given", items[3].GetProperty("index").GetProperty("_id").GetString());

        var duplicate = items[1].GetProperty("create").GetProperty("error");
        Assert.Equal("document_parsing_exception", duplicate.GetProperty("type").GetString());
        Assert.Contains("Duplicate field 'n'", duplicate.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("document_parsing_exception", items[2].GetProperty("create").GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("not supported", items[4].GetProperty("update").GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_index_name_exception", items[6].GetProperty("create").GetProperty("error").GetProperty("type").GetString());

        var stored = server.Events.InIndex(index);
        Assert.Equal(2, stored.Count);
        Assert.Equal(first.GetProperty("_id").GetString(), stored[0].Id);
        Assert.Equal("given", stored[1].Id);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), stored[0].Timestamp);
        using var source = JsonDocument.Parse(stored[1].Source);
        Assert.Equal(4, source.RootElement.GetProperty("n").GetInt32());
        Assert.True(source.RootElement.GetProperty("event").TryGetProperty("ingested", out _));
    }

    [Fact]
    public async Task Invalid_utf8_fails_that_item_only()
    {
        string index = Index();
        byte[] body = [.. Encoding.UTF8.GetBytes($"{{\"create\":{{\"_index\":\"{index}\"}}}}\n{{\"a\":\"ok\"}}\n{{\"create\":{{\"_index\":\"{index}\"}}}}\n{{\"a\":\""),
            0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}\n")];
        var (status, json) = await PostAsync("/_bulk", TestServer.Bytes(body));
        Assert.Equal(HttpStatusCode.OK, status);
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(201, items[0].GetProperty("create").GetProperty("status").GetInt32());
        var error = items[1].GetProperty("create").GetProperty("error");
        Assert.Equal("document_parsing_exception", error.GetProperty("type").GetString());
        Assert.Contains("Invalid UTF-8", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single(server.Events.InIndex(index));
    }

    [Fact]
    public async Task A_malformed_action_line_refuses_the_whole_request_with_its_line_and_stores_nothing()
    {
        string index = Index();
        string body = $"{{\"create\":{{\"_index\":\"{index}\"}}}}\n{{\"a\":1}}\n{{\"create\":{{\"_index\":\"{index}\"}}\n{{\"a\":2}}\n";
        var (status, json) = await PostAsync("/_bulk", TestServer.Ndjson(body));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        var error = json.GetProperty("error");
        Assert.Equal("x_content_parse_exception", error.GetProperty("type").GetString());
        Assert.Contains("line [3]", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("x_content_parse_exception", error.GetProperty("root_cause")[0].GetProperty("type").GetString());
        Assert.Empty(server.Events.InIndex(index));
    }

    [Fact]
    public async Task A_body_without_a_final_line_feed_gets_elasticsearchs_400()
    {
        string index = Index();
        var (status, json) = await PostAsync($"/{index}/_bulk", TestServer.Ndjson("{\"create\":{}}\n{\"a\":1}"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The bulk request must be terminated by a newline [\\n]", json.GetProperty("error").GetProperty("reason").GetString());
        Assert.Empty(server.Events.InIndex(index));
    }

    [Fact]
    public async Task The_index_in_the_path_is_the_default_and_gzip_bodies_are_decoded()
    {
        string index = Index();
        var raw = new MemoryStream();
        using (var gzip = new GZipStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"create\":{}}\n{\"a\":1}\n{\"index\":{}}\n{\"a\":2}\n"));
        }
        var content = TestServer.Bytes(raw.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var (status, json) = await PostAsync($"/{index}/_bulk?refresh=true&pipeline=ignored", content);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json.GetProperty("errors").GetBoolean());
        Assert.Equal(2, server.Events.InIndex(index).Count);
    }

    [Fact]
    public async Task A_broken_gzip_body_is_a_400_not_a_crash()
    {
        // A gzip header, then a deflate block of the reserved type 3: not decodable.
        var content = TestServer.Bytes([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0xFF, 0xFF]);
        content.Headers.ContentEncoding.Add("gzip");
        var (status, json) = await PostAsync("/_bulk", content);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("illegal_argument_exception", json.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_empty_body_is_refused_as_elasticsearch_refuses_it()
    {
        var (status, json) = await PostAsync("/_bulk", TestServer.Ndjson(""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("action_request_validation_exception", json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Validation Failed: 1: no requests added;", json.GetProperty("error").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_create_of_an_id_already_stored_is_a_409_for_that_item()
    {
        string index = Index();
        string body = $"{{\"create\":{{\"_index\":\"{index}\",\"_id\":\"same\"}}}}\n{{\"a\":1}}\n{{\"create\":{{\"_index\":\"{index}\",\"_id\":\"same\"}}}}\n{{\"a\":2}}\n";
        var (_, json) = await PostAsync("/_bulk", TestServer.Ndjson(body));
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(201, items[0].GetProperty("create").GetProperty("status").GetInt32());
        var conflict = items[1].GetProperty("create");
        Assert.Equal(409, conflict.GetProperty("status").GetInt32());
        Assert.Equal("version_conflict_engine_exception", conflict.GetProperty("error").GetProperty("type").GetString());
        var (_, again) = await PostAsync("/_bulk", TestServer.Ndjson(body));
        Assert.All(again.GetProperty("items").EnumerateArray(), i => Assert.Equal(409, i.GetProperty("create").GetProperty("status").GetInt32()));
        Assert.Single(server.Events.InIndex(index));
    }

    [Fact]
    public async Task When_the_store_fails_nothing_is_acknowledged_and_a_retry_succeeds()
    {
        string index = Index();
        string body = $"{{\"create\":{{\"_index\":\"{index}\",\"_id\":\"r1\"}}}}\n{{\"a\":1}}\n";
        server.Events.FailWith = new IOException("disk full");
        try
        {
            var (status, json) = await PostAsync("/_bulk", TestServer.Ndjson(body));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("disk full", json.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            server.Events.FailWith = null;
        }
        var (retryStatus, retry) = await PostAsync("/_bulk", TestServer.Ndjson(body));
        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.Equal(201, retry.GetProperty("items")[0].GetProperty("create").GetProperty("status").GetInt32());
        Assert.Single(server.Events.InIndex(index));
    }

    [Fact]
    public async Task Large_requests_keep_item_order_and_every_item_is_answered()
    {
        string index = Index();
        var body = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            body.Append("{\"create\":{\"_index\":\"").Append(index).Append("\"}}\n");
            body.Append(i % 1000 == 999 ? "{\"i\":" + i + ",\"i\":0}\n" : "{\"i\":" + i + "}\n");
        }
        var (status, json) = await PostAsync("/_bulk", TestServer.Ndjson(body.ToString()));
        Assert.Equal(HttpStatusCode.OK, status);
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5000, items.Count);
        Assert.Equal(5, items.Count(i => i.GetProperty("create").GetProperty("status").GetInt32() == 400));
        var stored = server.Events.InIndex(index);
        Assert.Equal(4995, stored.Count);
        var values = stored.Select(e => JsonDocument.Parse(e.Source).RootElement.GetProperty("i").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, 5000).Where(i => i % 1000 != 999), values);
        var seqNos = items.Select(i => i.GetProperty("create")).Where(i => i.GetProperty("status").GetInt32() == 201).Select(i => i.GetProperty("_seq_no").GetInt64()).ToList();
        Assert.Equal(seqNos.Order(), seqNos);
        Assert.Equal(seqNos.Count, seqNos.Distinct().Count());
    }
}
