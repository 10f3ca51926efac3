using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Ingest;

public sealed class SingleDocumentTests(TestServer server) : IClassFixture<TestServer>
{
    private static string Index() => "logs-single-" + Guid.NewGuid().ToString("N")[..12];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Post_doc_generates_an_id_and_answers_201_created()
    {
        string index = Index();
        using var response = await server.Client.PostAsync(new Uri($"/{index}/_doc", UriKind.Relative), Json("{\n  \"message\": \"hello\"\n}\n"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string id = json.RootElement.GetProperty("_id").GetString()!;
        Assert.Equal(20, id.Length);
        Assert.Equal("created", json.RootElement.GetProperty("result").GetString());
        Assert.False(json.RootElement.TryGetProperty("status", out _));
        var stored = Assert.Single(server.Events.InIndex(index));
        Assert.Equal(id, stored.Id);
        Assert.DoesNotContain((byte)'\n', stored.Source.ToArray());
    }

    [Fact]
    public async Task Create_by_id_twice_is_201_then_409_in_elasticsearchs_shape()
    {
        string index = Index();
        using var first = await server.Client.PutAsync(new Uri($"/{index}/_create/abc", UriKind.Relative), Json("{\"a\":1}"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await server.Client.PutAsync(new Uri($"/{index}/_create/abc", UriKind.Relative), Json("{\"a\":2}"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        using var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(409, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("version_conflict_engine_exception", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("[abc]: version conflict, document already exists (current version [1])", json.RootElement.GetProperty("error").GetProperty("reason").GetString());
        Assert.Single(server.Events.InIndex(index));
    }

    [Fact]
    public async Task Put_doc_by_id_again_is_updated_with_the_next_version()
    {
        string index = Index();
        using var first = await server.Client.PutAsync(new Uri($"/{index}/_doc/k1", UriKind.Relative), Json("{\"a\":1}"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await server.Client.PostAsync(new Uri($"/{index}/_doc/k1", UriKind.Relative), Json("{\"a\":2}"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("updated", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("_version").GetInt64());
        using var create = await server.Client.PutAsync(new Uri($"/{index}/_doc/k1?op_type=create", UriKind.Relative), Json("{\"a\":3}"));
        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
    }

    [Fact]
    public async Task A_bad_single_document_is_a_400_with_the_reason()
    {
        string index = Index();
        using var response = await server.Client.PostAsync(new Uri($"/{index}/_doc", UriKind.Relative), Json("{\"a\":1,\"a\":1}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("document_parsing_exception", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("Duplicate field 'a'", json.RootElement.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(server.Events.InIndex(index));
    }
}
