using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Server.Alerts;
using Vigil.Server.Api;
using Vigil.Server.Clock;
using Vigil.Server.Scheduling;
using Vigil.Server.Store;

namespace Vigil.Server.Hosting;

/// <summary>Composes the service: stores under <c>--data</c>, the endpoint modules, the scheduler; runs until stopped.</summary>
public sealed class VigilServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private Task scheduling = Task.CompletedTask;

    private VigilServer(WebApplication app, ServerContext context, RuleScheduler scheduler)
    {
        this.app = app;
        Context = context;
        Scheduler = scheduler;
    }

    public ServerContext Context { get; }

    public RuleScheduler Scheduler { get; }

    /// <summary>The address Kestrel bound (the real port when <c>--listen</c> asked for port 0).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:9200");

    /// <summary>Opens the stores, binds the listener and starts the scheduler.</summary>
    public static async Task<VigilServer> StartAsync(ServerOptions options, Action<string> log, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(options.DataDirectory);
        IClock clock = options.ManualClockStart is { } start ? new ManualClock(start) : new SystemClock();
        var context = new ServerContext
        {
            Options = options,
            Clock = clock,
            Events = new SegmentEventStore(Path.Combine(options.DataDirectory, "events")),
            Alerts = new SqliteAlertStore(Path.Combine(options.DataDirectory, "alerts.db"), AlertStoreOptions.From(options, log)),
            Log = log,
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://" + options.Listen);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        var app = builder.Build();
        // Elasticsearch clients refuse a server that does not name itself as Elasticsearch on every response.
        app.Use((http, next) =>
        {
            http.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
            return next(http);
        });
        var scheduler = new RuleScheduler(context);
        HandshakeEndpoints.Map(app, context);
        IngestEndpoints.Map(app, context);
        AlertEndpoints.Map(app, context);
        RuleEndpoints.Map(app, scheduler);

        var server = new VigilServer(app, context, scheduler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseAddress = new Uri(app.Urls.First());
        server.scheduling = scheduler.RunAsync(server.stopping.Token);
        return server;
    }

    /// <summary>Stops accepting requests, lets the scheduler reach a safe point, closes the stores.</summary>
    public async Task StopAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        try
        {
            await scheduling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Context.Events.Dispose();
        Context.Alerts.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }
}
