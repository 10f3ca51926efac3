using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

/// <summary>A server that takes bodies of at most 64 KiB.</summary>
public sealed class SmallBodyServer : TestServer
{
    public const int Limit = 64 * 1024;

    protected override ServerOptions Configure(ServerOptions options) => options with { MaxBodyBytes = Limit };
}

public sealed class LimitTests(SmallBodyServer server) : IClassFixture<SmallBodyServer>
{
    private static string Body(string index, int bytes)
    {
        var text = new StringBuilder();
        while (text.Length < bytes)
        {
            text.Append("{\"create\":{\"_index\":\"").Append(index).Append("\"}}\n{\"pad\":\"").Append('x', 200).Append("\"}\n");
        }
        return text.ToString();
    }

    private async Task AssertTooLargeAsync(HttpResponseMessage response, string index)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(413, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("[65536]", json.RootElement.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(server.Events.InIndex(index));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_elasticsearchs_shape_and_the_server_stays_up()
    {
        using (var client = server.CreateClient())
        {
            using var response = await client.PostAsync(new Uri("/_bulk", UriKind.Relative), TestServer.Ndjson(Body("logs-big", SmallBodyServer.Limit + 1000)));
            await AssertTooLargeAsync(response, "logs-big");
        }
        using var ok = await server.Client.PostAsync(new Uri("/_bulk", UriKind.Relative), TestServer.Ndjson(Body("logs-small", 1000)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEmpty(server.Events.InIndex("logs-small"));
    }

    [Fact]
    public async Task A_small_gzip_body_that_decodes_over_the_limit_is_413()
    {
        var raw = new MemoryStream();
        using (var gzip = new GZipStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Body("logs-bomb", SmallBodyServer.Limit * 4)));
        }
        Assert.True(raw.Length < SmallBodyServer.Limit);
        var content = TestServer.Bytes(raw.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var client = server.CreateClient();
        using var response = await client.PostAsync(new Uri("/_bulk", UriKind.Relative), content);
        await AssertTooLargeAsync(response, "logs-bomb");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body("logs-chunked", SmallBodyServer.Limit * 2))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_bulk") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        await AssertTooLargeAsync(response, "logs-chunked");
    }
}
