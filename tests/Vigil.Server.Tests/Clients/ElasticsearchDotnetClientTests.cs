using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Transport;
using Vigil.Server.Tests.Fakes;
using Vigil.Server.Tests.Http;

namespace Vigil.Server.Tests.Clients;

/// <summary>The official .NET client (Elastic.Clients.Elasticsearch 9.x) against a running server: product check, info, bulk.</summary>
public sealed class ElasticsearchDotnetClientTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task The_client_accepts_the_server_and_bulk_sends_the_fixtures_and_the_capture()
    {
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(server.Server.BaseAddress).RequestTimeout(TimeSpan.FromSeconds(60)));
        var info = await client.InfoAsync();
        Assert.True(info.IsValidResponse, info.DebugInformation);
        Assert.Equal("9.2.0", info.Version.Number);
        Assert.Equal("You Know, for Search", info.Tagline);

        var sent = SentEvents.FixturesAndCapture();
        var operations = new BulkOperationsCollection();
        foreach (string line in sent)
        {
            operations.Add(new BulkCreateOperation<JsonElement>(JsonDocument.Parse(line).RootElement) { Index = SentEvents.IndexOf(line) });
        }
        var before = server.Events.Events.Count;
        var bulk = await client.BulkAsync(new BulkRequest { Operations = operations });
        Assert.True(bulk.IsValidResponse, bulk.DebugInformation);
        Assert.False(bulk.Errors);
        Assert.Equal(sent.Count, bulk.Items.Count);
        Assert.All(bulk.Items, item => Assert.Equal(201, item.Status));
        SentEvents.AssertStored(sent, [.. server.Events.Events.Skip(before)]);
        Assert.Equal(bulk.Items.Select(i => i.Id), server.Events.Events.Skip(before).Select(e => e.Id));
    }

    [Fact]
    public async Task A_failed_item_is_reported_to_the_client_as_such()
    {
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(server.Server.BaseAddress));
        var response = await client.BulkAsync(new BulkRequest
        {
            Operations =
            [
                new BulkCreateOperation<JsonElement>(JsonDocument.Parse("{\"@timestamp\":\"not a date\"}").RootElement) { Index = "logs-dotnet-bad" },
                new BulkCreateOperation<JsonElement>(JsonDocument.Parse("{\"@timestamp\":\"2026-12-01T00:00:00Z\"}").RootElement) { Index = "logs-dotnet-bad" },
            ],
        });
        Assert.True(response.Errors);
        var failed = Assert.Single(response.ItemsWithErrors);
        Assert.Equal(400, failed.Status);
        Assert.Equal("document_parsing_exception", failed.Error!.Type);
        Assert.Single(server.Events.InIndex("logs-dotnet-bad"));
    }
}

/// <summary>The .NET client with an API key against a server that requires one.</summary>
public sealed class ElasticsearchDotnetClientAuthTests(SecuredServer server) : IClassFixture<SecuredServer>
{
    [Fact]
    public async Task The_client_authenticates_with_an_encoded_api_key()
    {
        string encoded = Convert.ToBase64String("shipper:s3cret-key"u8.ToArray());
        var client = new ElasticsearchClient(new ElasticsearchClientSettings(server.Server.BaseAddress).Authentication(new ApiKey(encoded)));
        var indexed = await client.IndexAsync(new { message = "hello" }, i => i.Index("logs-dotnet-auth"));
        Assert.True(indexed.IsValidResponse, indexed.DebugInformation);
        Assert.Single(server.Events.InIndex("logs-dotnet-auth"));

        var anonymous = new ElasticsearchClient(new ElasticsearchClientSettings(server.Server.BaseAddress));
        var refused = await anonymous.InfoAsync();
        Assert.False(refused.IsValidResponse);
        Assert.Equal(401, refused.ApiCallDetails.HttpStatusCode);
    }
}
