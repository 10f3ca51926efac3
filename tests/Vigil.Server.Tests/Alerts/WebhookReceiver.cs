using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Alerts;

/// <summary>A loopback Kestrel webhook receiver that answers 500 to the first <c>failFirst</c> attempts of each alert, then 200.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, List<DateTimeOffset>> Attempts { get; } = new();

    public ConcurrentDictionary<string, JsonNode> Accepted { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(int failFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var id = http.Request.Headers["X-Vigil-Alert-Id"].ToString();
            var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!;
            var times = receiver.Attempts.GetOrAdd(id, _ => []);
            int count;
            lock (times)
            {
                times.Add(DateTimeOffset.UtcNow);
                count = times.Count;
            }
            if (count <= failFirst)
            {
                return Results.StatusCode(500);
            }
            receiver.Accepted[id] = body;
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/hook");
        return receiver;
    }

    /// <summary>Waits (at most 20 s) until <paramref name="done"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
