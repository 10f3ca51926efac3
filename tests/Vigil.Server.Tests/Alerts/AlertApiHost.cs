using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Rules;
using Vigil.Server.Alerts;
using Vigil.Server.Api;
using Vigil.Server.Clock;
using Vigil.Server.Hosting;
using Vigil.Server.Store;

namespace Vigil.Server.Tests.Alerts;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) with only the alert endpoints mapped over an SQLite store; a request
/// with <c>X-Test-User</c> counts as authenticated as that user (what the service's auth layer provides).
/// </summary>
internal sealed class AlertApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AlertApiHost(WebApplication app, SqliteAlertStore store, ManualClock clock, HttpClient client)
    {
        _app = app;
        Store = store;
        Clock = clock;
        Client = client;
    }

    public SqliteAlertStore Store { get; }

    public ManualClock Clock { get; }

    public HttpClient Client { get; }

    public static async Task<AlertApiHost> StartAsync(string databasePath, DateTimeOffset now, Func<string, Rule?>? findRule = null)
    {
        var store = new SqliteAlertStore(databasePath);
        var clock = new ManualClock(now);
        var context = new ServerContext
        {
            Options = new ServerOptions { DataDirectory = Path.GetDirectoryName(databasePath)! },
            Clock = clock,
            Events = new NoEventStore(),
            Alerts = store,
            Log = _ => { },
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Use((http, next) =>
        {
            if (http.Request.Headers.TryGetValue("X-Test-User", out var user))
            {
                http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], "test"));
            }
            return next(http);
        });
        AlertEndpoints.Map(app, context, findRule);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        return new AlertApiHost(app, store, clock, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Store.Dispose();
    }

    private sealed class NoEventStore : IEventStore
    {
        public EventStoreStats Stats => throw new NotSupportedException();

        public ValueTask AppendAsync(IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IReadOnlyList<StoredSegment> Overlapping(DateTimeOffset from, DateTimeOffset to) => throw new NotSupportedException();

        public int DeleteOlderThan(DateTimeOffset before) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
