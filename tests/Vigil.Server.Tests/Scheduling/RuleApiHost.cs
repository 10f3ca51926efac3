using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Api;

namespace Vigil.Server.Tests.Scheduling;

/// <summary>The rule endpoints over a <see cref="SchedulerHarness"/>, on a free loopback port.</summary>
internal sealed class RuleApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private RuleApiHost(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<RuleApiHost> StartAsync(SchedulerHarness harness)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RuleEndpoints.Map(app, harness.Scheduler);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        return new RuleApiHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
