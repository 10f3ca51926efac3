using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    private int stopped;

    private VigilServer(WebApplication app, ServerContext context, RuleScheduler scheduler)
    {
        this.app = app;
        Context = context;
        Scheduler = scheduler;
    }

    public ServerContext Context { get; }

    public RuleScheduler Scheduler { get; }

    /// <summary>The host's configuration and environment (tests check what the host reads and watches).</summary>
    internal WebApplication Host => app;

    /// <summary>The address Kestrel bound (the real port when <c>--listen</c> asked for port 0).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:9200");

    /// <summary>Opens the stores, binds the listener and starts the scheduler.</summary>
    public static Task<VigilServer> StartAsync(ServerOptions options, Action<string> log, CancellationToken cancellationToken = default) =>
        StartAsync(options, log, new ServerStores(), cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(ServerOptions, Action{string}, CancellationToken)"/>, with the stores from
    /// <paramref name="stores"/> (tests). Throws <see cref="ArgumentException"/> for a bad <c>--listen</c> or TLS
    /// setting and <see cref="InvalidOperationException"/> for a non-loopback address without credentials.
    /// </summary>
    public static async Task<VigilServer> StartAsync(ServerOptions options, Action<string> log, ServerStores stores, CancellationToken cancellationToken = default)
    {
        if (!ListenAddress.TryParse(options.Listen, out var listen, out string? listenError))
        {
            throw new ArgumentException(listenError, nameof(options));
        }
        var credentials = new CredentialChecker(options.ApiKeys, options.BasicUsers);
        if (!listen!.IsLoopback && !credentials.Required)
        {
            throw new InvalidOperationException(
                $"--listen {listen} is reachable from other machines: give --api-key or --basic-user (or listen on 127.0.0.1)");
        }
        X509Certificate2? certificate = LoadCertificate(options);

        System.IO.Directory.CreateDirectory(options.DataDirectory);
        IClock clock = options.ManualClockStart is { } start ? new ManualClock(start) : new SystemClock();
        var events = stores.Events?.Invoke(options) ?? new SegmentEventStore(Path.Combine(options.DataDirectory, "events"), new SegmentStoreOptions { Log = log });
        var alerts = stores.Alerts?.Invoke(options) ?? new SqliteAlertStore(Path.Combine(options.DataDirectory, "alerts.db"), AlertStoreOptions.From(options, log));
        Cluster.ClusterNode? node = null;
        IEventStore? globalEvents = null;
        LoadedRuleSet? firstLoad = null;
        if (options.NatsUrls.Count > 0)
        {
            var maxAge = TimeSpan.Zero;
            try
            {
                firstLoad = LoadedRuleSet.Load(options.Rules, options.Exceptions, log);
                maxAge = EventStreamAge(firstLoad, clock.UtcNow, options.Retention);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log($"cluster: rules cannot be read now ({e.Message}); the event stream keeps events without an age limit");
            }
            try
            {
                // Filled only while this worker holds the global lease (every partition's events, for the rules not keyed on the host).
                globalEvents = new SegmentEventStore(Path.Combine(options.DataDirectory, "global-events"), new SegmentStoreOptions { Log = log });
                node = await Cluster.ClusterNode.ConnectAsync(options, events, globalEvents, alerts, maxAge, log, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                globalEvents?.Dispose();
                events.Dispose();
                alerts.Dispose();
                throw new IOException($"--nats {string.Join(",", options.NatsUrls)}: {failure.Message}", failure);
            }
        }
        var context = new ServerContext
        {
            Options = options,
            Clock = clock,
            Events = events,
            Alerts = alerts,
            GlobalEvents = globalEvents,
            Ingest = node?.Sink ?? events,
            AlertWrites = node?.AlertWriter ?? alerts,
            Cluster = node,
            Log = log,
        };

        var builder = WebApplication.CreateSlimBuilder(HostDefaults.Options());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(10));
        // A _bulk body arrives as thousands of 4 KB receives. Kestrel by default first waits with an empty read for
        // each one and only then takes a buffer: two calls per 4 KB. Taking the buffer at once makes it one, at the
        // price of a 4 KB block held by each idle connection (4 MB at the 1,024-connection limit).
        builder.WebHost.UseSockets(s => s.WaitForDataBeforeAllocatingBuffer = false);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.MaxConcurrentConnections = 1024;
            // Slow clients: headers within 30 s, a body at 1 KB/s at least after a 10 s grace, idle keep-alive 130 s
            // (longer than Beats' and Logstash's idle timeouts, so the client closes first).
            k.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: options.SlowBodyGracePeriod);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
            k.Listen(listen.Address, listen.Port, endpoint =>
            {
                if (certificate is not null)
                {
                    endpoint.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        var guard = new RequestGuard(context, credentials);
        app.Use(guard.InvokeAsync);
        var scheduler = new RuleScheduler(context) { FirstLoad = firstLoad };
        HandshakeEndpoints.Map(app, context);
        IngestEndpoints.Map(app, context);
        AlertEndpoints.Map(app, context, scheduler.FindRule);
        RuleEndpoints.Map(app, scheduler);
        VigilStatusEndpoints.Map(app, context);
        Triage.TriageEndpoints.Map(app);
        Triage.TriageApi.Map(app, context);
        VigilClusterEndpoints.Map(app, context, scheduler);
        app.MapFallback(RequestGuard.NoHandlerAsync);

        var server = new VigilServer(app, context, scheduler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        server.BaseAddress = new Uri((bound ?? $"{(certificate is null ? "http" : "https")}://{listen}").Replace("[::]", "[::1]", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        LogStartup(log, options, listen, server.BaseAddress, certificate, credentials);
        server.scheduling = scheduler.RunAsync(server.stopping.Token);
        if (node is not null)
        {
            node.PartitionCaughtUp += _ => scheduler.RequestTakeoverRerun();
            node.GlobalCaughtUp += scheduler.RequestTakeoverRerun;
            node.Start();
        }
        return server;
    }

    /// <summary>
    /// How long the event stream keeps events: what the local store keeps (the rules' longest reach back, see
    /// <see cref="RuleScheduler.ReachBack"/>, plus <c>--retention</c>), and at least the stream's duplicate window.
    /// JetStream ages messages by arrival, the store by event time; late events are kept longer, not shorter.
    /// </summary>
    public static TimeSpan EventStreamAge(LoadedRuleSet rules, DateTimeOffset now, TimeSpan retention)
    {
        var reach = rules.Rules.Count == 0 ? TimeSpan.Zero : rules.Rules.Max(r => RuleScheduler.ReachBack(r, now));
        var age = reach + retention;
        return age > Cluster.ClusterNode.EventDuplicateWindow ? age : Cluster.ClusterNode.EventDuplicateWindow;
    }

    private static X509Certificate2? LoadCertificate(ServerOptions options)
    {
        if (options.TlsCertificatePath is null)
        {
            if (options.TlsKeyPath is not null)
            {
                throw new ArgumentException("--tls-key needs --tls-cert", nameof(options));
            }
            return null;
        }
        try
        {
            string path = options.TlsCertificatePath;
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            }
            using var pem = X509Certificate2.CreateFromPemFile(path, options.TlsKeyPath ?? path);
            // A PEM key is ephemeral; the TLS stack wants it exportable as PKCS#12 on some platforms, so round-trip once.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception bad) when (bad is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tls-cert {options.TlsCertificatePath}: {bad.Message}", nameof(options), bad);
        }
    }

    private static void LogStartup(Action<string> log, ServerOptions options, ListenAddress listen, Uri address, X509Certificate2? certificate, CredentialChecker credentials)
    {
        log($"listening on {address} (--listen {listen}{(listen.IsLoopback ? ", loopback only" : "")})");
        log(certificate is null ? "tls: off" : $"tls: on, certificate {certificate.Subject} valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        log(credentials.Required
            ? $"auth: required ({options.ApiKeys.Count} API key(s), {options.BasicUsers.Count} basic user(s))"
            : "auth: none (loopback only)");
        log($"data: {Path.GetFullPath(options.DataDirectory)}");
        log(string.Create(CultureInfo.InvariantCulture,
            $"limits: request body {options.MaxBodyBytes} bytes, {IngestEndpoints.ConcurrentRequests} ingest requests at once, 1024 connections"));
        log($"answering as Elasticsearch {options.ElasticsearchVersion}; alerts for Kibana {options.KibanaVersion}, space {options.SpaceId}");
        if (options.ManualClockStart is { } start)
        {
            log($"clock: manual, starting at {start:O}");
        }
    }

    /// <summary>Stops accepting requests, lets the scheduler reach a safe point, closes the stores.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        try
        {
            await scheduling.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        if (Context.Cluster is { } node)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
        Context.Events.Dispose();
        Context.GlobalEvents?.Dispose();
        Context.Alerts.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }
}
