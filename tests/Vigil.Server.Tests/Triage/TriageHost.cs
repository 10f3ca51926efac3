using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Scheduling;

namespace Vigil.Server.Tests.Triage;

/// <summary>
/// A real <see cref="VigilServer"/> on 127.0.0.1 (free port) with its real stores under a scratch folder, the seed rule
/// loaded and the manual clock at the fixtures' time; the browser tests drive the page it serves.
/// </summary>
internal sealed class TriageHost : IAsyncDisposable
{
    private TriageHost(string data, VigilServer server)
    {
        DataDirectory = data;
        Server = server;
        Client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataDirectory { get; }

    public VigilServer Server { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>
    /// Starts the service; <paramref name="prepare"/> may fill the data folder first (a pre-filled alert store), and
    /// <paramref name="configure"/> change the options (credentials).
    /// </summary>
    public static async Task<TriageHost> StartAsync(Action<string>? prepare = null, Func<ServerOptions, ServerOptions>? configure = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "vigil-triage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        prepare?.Invoke(data);
        var options = new ServerOptions
        {
            DataDirectory = data,
            Listen = "127.0.0.1:0",
            Rules = [ScheduleTestData.SeedRule],
            ManualClockStart = ScheduleTestData.FixtureTime,
        };
        var server = await VigilServer.StartAsync(configure is null ? options : configure(options), _ => { });
        return new TriageHost(data, server);
    }

    /// <summary>Sends events through <c>_bulk</c> as a shipper does and checks that none was refused.</summary>
    public async Task BulkAsync(IEnumerable<(string Index, JsonObject Source)> events)
    {
        var body = new StringBuilder();
        foreach (var (index, source) in events)
        {
            body.Append("{\"create\":{\"_index\":").Append(JsonValue.Create(index).ToJsonString()).Append("}}\n")
                .Append(source.ToJsonString()).Append('\n');
        }
        using var content = new StringContent(body.ToString(), Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson"));
        using var response = await Client.PostAsync(new Uri("/_bulk?refresh=true", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.False(JsonNode.Parse(text)!["errors"]!.GetValue<bool>(), text);
    }

    /// <summary>Moves the manual clock on and waits until every rule execution it caused has finished.</summary>
    public async Task AdvanceAsync(string by)
    {
        using var content = new StringContent($"{{\"advance\":\"{by}\"}}", Encoding.UTF8, "application/json");
        using var advanced = await Client.PostAsync(new Uri("/_vigil/clock", UriKind.Relative), content);
        Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        using var idle = await Client.GetAsync(new Uri("/_vigil/scheduler/idle?timeout=60s", UriKind.Relative));
        Assert.True(idle.IsSuccessStatusCode, await idle.Content.ReadAsStringAsync());
    }

    /// <summary>An alert's <c>_source</c> read through the API (the page's state checked by another path).</summary>
    public async Task<JsonObject> AlertAsync(string id)
    {
        var text = await Client.GetStringAsync(new Uri("/api/vigil/alerts/" + Uri.EscapeDataString(id), UriKind.Relative));
        return (JsonObject)JsonNode.Parse(text)!["_source"]!;
    }

    /// <summary>How many alerts (shells and single alerts, no building blocks) the API finds with a status.</summary>
    public async Task<int> CountAsync(string? status)
    {
        var filter = new JsonArray(new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(new JsonObject { ["exists"] = new JsonObject { ["field"] = "kibana.alert.building_block_type" } }) } });
        if (status is not null)
        {
            filter.Add(new JsonObject { ["term"] = new JsonObject { ["kibana.alert.workflow_status"] = status } });
        }
        var query = new JsonObject { ["size"] = 0, ["track_total_hits"] = true, ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = filter } } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/detection_engine/signals/search")
        {
            Content = new StringContent(query.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("kbn-xsrf", "test");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var total = JsonNode.Parse(text)!["hits"]!["total"]!;
        return total is JsonObject o ? o["value"]!.GetValue<int>() : total.GetValue<int>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open after a failure; the OS cleans the temp folder.
        }
    }
}
