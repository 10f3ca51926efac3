using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

public sealed class HandshakeTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(string path)
    {
        var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Get_root_answers_the_version_document_clients_check()
    {
        var (response, root) = await GetJsonAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("You Know, for Search", root.GetProperty("tagline").GetString());
        var version = root.GetProperty("version");
        Assert.Equal("9.2.0", version.GetProperty("number").GetString());
        Assert.Equal("default", version.GetProperty("build_flavor").GetString());
        foreach (string field in new[] { "build_type", "build_hash", "build_date", "lucene_version", "minimum_wire_compatibility_version", "minimum_index_compatibility_version" })
        {
            Assert.False(string.IsNullOrEmpty(version.GetProperty(field).GetString()), field);
        }
        Assert.False(version.GetProperty("build_snapshot").GetBoolean());
        Assert.Equal(22, root.GetProperty("cluster_uuid").GetString()!.Length);
        var (_, again) = await GetJsonAsync("/");
        Assert.Equal(root.GetProperty("cluster_uuid").GetString(), again.GetProperty("cluster_uuid").GetString());
    }

    [Fact]
    public async Task Head_root_is_200_with_the_product_header_and_no_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_browser_asking_for_html_gets_a_page_not_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>Vigil — alerts</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var json = new HttpRequestMessage(HttpMethod.Get, "/");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.elasticsearch+json"));
        using var jsonResponse = await server.Client.SendAsync(json);
        Assert.Equal("application/json", jsonResponse.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task License_and_xpack_describe_an_active_basic_licence()
    {
        var (_, license) = await GetJsonAsync("/_license?human=false");
        Assert.Equal("active", license.GetProperty("license").GetProperty("status").GetString());
        Assert.Equal("basic", license.GetProperty("license").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(license.GetProperty("license").GetProperty("uid").GetString()));
        var (_, xpack) = await GetJsonAsync("/_xpack");
        Assert.True(xpack.GetProperty("features").GetProperty("ilm").GetProperty("available").GetBoolean());
        Assert.Equal("active", xpack.GetProperty("license").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_index_template_is_404_until_put_then_kept_and_answered_in_elasticsearchs_shape()
    {
        using (var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_index_template/vigil-test")))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }
        var (missing, missingBody) = await GetJsonAsync("/_index_template/vigil-test");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("resource_not_found_exception", missingBody.GetProperty("error").GetProperty("type").GetString());

        using var put = await server.Client.PutAsync(new Uri("/_index_template/vigil-test", UriKind.Relative),
            Json("{\"index_patterns\":[\"logs-vigil-*\"],\"data_stream\":{},\"priority\":200}"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("\"acknowledged\":true", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_index_template/vigil-test")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }
        var (_, got) = await GetJsonAsync("/_index_template/vigil-*");
        var template = Assert.Single(got.GetProperty("index_templates").EnumerateArray());
        Assert.Equal("vigil-test", template.GetProperty("name").GetString());
        Assert.Equal(200, template.GetProperty("index_template").GetProperty("priority").GetInt32());
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "config", "index_template", "vigil-test.json")));
        Assert.Contains(server.Log, line => line.Contains("index templates are accepted and kept", StringComparison.Ordinal) && line.Contains("not applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ilm_policies_pipelines_and_component_templates_round_trip()
    {
        using (var put = await server.Client.PutAsync(new Uri("/_ilm/policy/vigil-hot", UriKind.Relative), Json("{\"policy\":{\"phases\":{\"hot\":{\"actions\":{}}}}}")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var (_, policy) = await GetJsonAsync("/_ilm/policy/vigil-hot");
        Assert.True(policy.GetProperty("vigil-hot").GetProperty("policy").GetProperty("phases").TryGetProperty("hot", out _));
        var (missingPolicy, _) = await GetJsonAsync("/_ilm/policy/none-such");
        Assert.Equal(HttpStatusCode.NotFound, missingPolicy.StatusCode);

        using (var put = await server.Client.PutAsync(new Uri("/_ingest/pipeline/vigil-p", UriKind.Relative), Json("{\"description\":\"d\",\"processors\":[]}")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var (_, pipeline) = await GetJsonAsync("/_ingest/pipeline/vigil-p");
        Assert.Equal("d", pipeline.GetProperty("vigil-p").GetProperty("description").GetString());
        var (missingPipeline, empty) = await GetJsonAsync("/_ingest/pipeline/none-such");
        Assert.Equal(HttpStatusCode.NotFound, missingPipeline.StatusCode);
        Assert.Equal(JsonValueKind.Object, empty.ValueKind);

        using (var put = await server.Client.PutAsync(new Uri("/_component_template/vigil-c", UriKind.Relative), Json("{\"template\":{\"settings\":{}}}")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var (_, component) = await GetJsonAsync("/_component_template/vigil-c");
        Assert.Equal("vigil-c", component.GetProperty("component_templates")[0].GetProperty("name").GetString());

        using var bad = await server.Client.PutAsync(new Uri("/_ingest/pipeline/broken", UriKind.Relative), Json("{\"processors\":"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Nodes_http_publishes_the_address_the_client_used()
    {
        var (_, nodes) = await GetJsonAsync("/_nodes/http");
        var node = nodes.GetProperty("nodes").EnumerateObject().Single().Value;
        Assert.Equal(server.Server.BaseAddress.Authority, node.GetProperty("http").GetProperty("publish_address").GetString());
        var (_, health) = await GetJsonAsync("/_cluster/health");
        Assert.Equal("green", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Index_existence_creation_and_refresh_are_answered()
    {
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/logs-anything"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        using var create = await server.Client.PutAsync(new Uri("/logs-anything", UriKind.Relative), Json("{}"));
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        using var refresh = await server.Client.PostAsync(new Uri("/logs-anything/_refresh", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/_no_such_api")]
    [InlineData("GET", "/a/b/c/d/e")]
    [InlineData("DELETE", "/_bulk")]
    [InlineData("GET", "/_bulk")]
    public async Task Unknown_endpoints_get_an_elasticsearch_error_with_the_product_header(string method, string path)
    {
        using var response = await server.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("illegal_argument_exception", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains($"and method [{method}]", json.RootElement.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        var (alive, _) = await GetJsonAsync("/");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
