using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

/// <summary>A server with one API key (given as id:key) and one basic user configured.</summary>
public sealed class SecuredServer : TestServer
{
    protected override ServerOptions Configure(ServerOptions options) => options with { ApiKeys = ["shipper:s3cret-key"], BasicUsers = ["elastic:changeme"] };
}

public sealed class AuthTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    private async Task<HttpResponseMessage> GetAsync(string? scheme, string? value, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (scheme is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, value);
        }
        return await server.Client.SendAsync(request);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("ApiKey", "shipper:s3cret-key", true)]
    [InlineData("ApiKey", null, false)]
    [InlineData("Basic", "elastic:changeme", true)]
    public async Task Configured_credentials_are_accepted(string scheme, string? plain, bool encode)
    {
        string value = plain is null ? "s3cret-key" : encode ? Base64(plain) : plain;
        using var response = await GetAsync(scheme, value);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, null, "missing authentication credentials for REST request [/_license]")]
    [InlineData("ApiKey", "c2hpcHBlcjp3cm9uZw==", "unable to authenticate with provided credentials")]
    [InlineData("Basic", "ZWxhc3RpYzp3cm9uZw==", "unable to authenticate user [elastic]")]
    [InlineData("Bearer", "token", "missing authentication credentials")]
    public async Task Missing_or_wrong_credentials_get_elasticsearchs_401(string? scheme, string? value, string reason)
    {
        using var response = await GetAsync(scheme, value, "/_license");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("security_exception", error.GetProperty("type").GetString());
        Assert.Contains(reason, error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(401, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Ingest_without_credentials_stores_nothing()
    {
        using var response = await server.Client.PostAsync(new Uri("/_bulk", UriKind.Relative), TestServer.Ndjson("{\"create\":{\"_index\":\"logs-noauth\"}}\n{\"a\":1}\n"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Events.InIndex("logs-noauth"));
    }

    [Fact]
    public async Task A_non_loopback_listen_without_credentials_does_not_start()
    {
        var options = new ServerOptions { DataDirectory = Path.Combine(server.DataDirectory, "other"), Listen = "0.0.0.0:0" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Hosting.VigilServer.StartAsync(options, _ => { },
            new Hosting.ServerStores { Events = _ => new InMemoryEventStore(), Alerts = _ => new InMemoryAlertStore() }));
        Assert.Contains("--api-key", error.Message, StringComparison.Ordinal);
    }
}
