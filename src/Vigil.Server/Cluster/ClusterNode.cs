using NATS.Client.Core;
using NATS.Client.JetStream;
using Vigil.Cluster;
using Vigil.Server.Alerts;
using Vigil.Server.Store;

namespace Vigil.Server.Cluster;

/// <summary>
/// One worker of a <c>vigil serve --nats</c> cluster: the connection, the checked streams and lease bucket, this
/// worker's leases and partition readers (each appending its partition's events to the local event store the
/// scheduler reads), and the reader of the alert stream into the local alert store.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly NatsConnection connection;
    private readonly IEventStore events;
    private readonly IEventStore? globalEvents;
    private readonly IAlertStore alerts;
    private readonly Action<string> log;
    private readonly CancellationTokenSource stop = new();
    private PartitionLeases? leases;
    private PartitionOwner? owner;
    private GlobalLease? global;
    private NATS.Client.KeyValueStore.INatsKVStore? bucket;
    private Task alertReading = Task.CompletedTask;
    private PartitionReader? alertReader;
    private long eventsApplied;
    private long alertsApplied;
    private long globalEventsApplied;

    private ClusterNode(NatsConnection connection, string worker, int partitions, int replicas, IEventStore events, IEventStore? globalEvents,
        IAlertStore alerts, Action<string> log)
    {
        this.globalEvents = globalEvents;
        this.connection = connection;
        Worker = worker;
        Partitions = partitions;
        Replicas = replicas;
        this.events = events;
        this.alerts = alerts;
        this.log = log;
        Js = new NatsJSContext(connection);
        Sink = new ClusterEventSink(new EventPublisher(Js));
        Alerts = new AlertStream(Js);
        AlertWriter = new ClusterAlertWriter(Alerts, alerts, log);
        if (alerts is SqliteAlertStore sqlite)
        {
            sqlite.Rewritten += PublishRewritten;
        }
    }

    /// <summary>The event stream's duplicate window: a client's retries of one request within it are stored once.</summary>
    public static readonly TimeSpan EventDuplicateWindow = TimeSpan.FromMinutes(2);

    private AlertStream Alerts { get; }

    public string Worker { get; }

    public int Partitions { get; }

    public int Replicas { get; }

    internal NatsJSContext Js { get; }

    /// <summary>Where ingest writes in cluster mode.</summary>
    public IEventSink Sink { get; }

    /// <summary>Where the scheduler writes alerts in cluster mode.</summary>
    public IAlertStore AlertWriter { get; }

    /// <summary>A gained partition has been read to the end of the stream (the scheduler then re-runs recent executions).</summary>
    public event Action<int>? PartitionCaughtUp;

    /// <summary>This worker gained the global lease and its global store has caught up with the stream.</summary>
    public event Action? GlobalCaughtUp;

    /// <summary>Holds the global lease (fresh) and its global store has caught up: the rules not keyed on the host run here.</summary>
    public bool IsGlobalActive => global?.IsActive ?? false;

    /// <summary>Holds the global lease (fresh), caught up or not.</summary>
    public bool HoldsGlobal => global?.IsFresh ?? false;

    public ulong GlobalHandledThrough => global?.HandledThrough ?? 0;

    public long GlobalEventsApplied => Interlocked.Read(ref globalEventsApplied);

    public long EventsApplied => Interlocked.Read(ref eventsApplied);

    public long AlertsApplied => Interlocked.Read(ref alertsApplied);

    public IReadOnlyCollection<int> Leased => leases?.Owned ?? [];

    public IReadOnlyList<(int Partition, bool CaughtUp, ulong HandledThrough)> Readers => owner?.Readers ?? [];

    /// <summary>
    /// Connects, checks (or creates) the event and alert streams and the lease bucket — refusing to run on a config the
    /// brokers did not keep — and starts nothing yet: <see cref="Start"/> does, once the scheduler listens.
    /// </summary>
    public static async Task<ClusterNode> ConnectAsync(ServerOptions options, IEventStore events, IEventStore? globalEvents, IAlertStore alerts, TimeSpan eventMaxAge,
        Action<string> log, CancellationToken cancel)
    {
        var urls = string.Join(",", options.NatsUrls);
        var replicas = options.NatsReplicas ?? (options.NatsUrls.Count >= 3 ? 3 : 1);
        var worker = options.WorkerId ?? DefaultWorkerId(options.DataDirectory);
        var connection = new NatsConnection(NatsConnectionOptions.For(options.NatsUrls, "vigil-" + worker, options.NatsSecurity));
        try
        {
            await ConnectOrExplainAsync(connection, options.NatsSecurity, cancel).ConfigureAwait(false);
            var node = new ClusterNode(connection, worker, options.Partitions, replicas, events, globalEvents, alerts, log);
            // The duplicate window covers a client's retries of one request; the age, what the rules reach back to + --retention.
            var stream = await RetryAsync(() => EventStreamSetup.EnsureAsync(node.Js, replicas, EventDuplicateWindow, eventMaxAge, cancel), log, cancel).ConfigureAwait(false);
            log($"cluster: event stream {ClusterSubjects.StreamName} keeps events {(stream.MaxAge == TimeSpan.Zero ? "without an age limit" : $"for {stream.MaxAge.TotalHours:0.##} h")} (this worker's rules need {eventMaxAge.TotalHours:0.##} h)");
            await RetryAsync(() => AlertStream.EnsureAsync(node.Js, replicas, TimeSpan.FromMinutes(10), cancel), log, cancel).ConfigureAwait(false);
            var bucket = await RetryAsync(() => PartitionLeases.OpenBucketAsync(node.Js, options.LeaseTtl, replicas, cancel), log, cancel).ConfigureAwait(false);
            node.leases = PartitionLeases.Start(bucket, worker, options.Partitions, options.LeaseTtl);
            node.bucket = bucket;
            node.leaseTtl = options.LeaseTtl;
            log($"cluster: worker {worker}, {options.Partitions} partitions, {replicas} replica(s), lease TTL {options.LeaseTtl.TotalSeconds:0.#} s, NATS {urls} ({options.NatsSecurity.Describe()})");
            return node;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Connects once, bounded in time: a refused login or a TLS failure becomes one clear sentence naming it (the
    /// server's own words included), and brokers that do not answer at all end the start after 30 s.
    /// </summary>
    private static async Task ConnectOrExplainAsync(NatsConnection connection, NatsSecurity security, CancellationToken cancel)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new IOException($"no NATS broker answered within 30 s ({security.Describe()})");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var inner = e;
            var words = new List<string>();
            for (; inner is not null; inner = inner.InnerException)
            {
                words.Add(inner.Message);
            }
            var text = string.Join(": ", words.Distinct());
            var kind = text.Contains("uthorization", StringComparison.Ordinal) || text.Contains("uthentication", StringComparison.Ordinal)
                ? "the brokers refused this worker's credentials"
                : text.Contains("TLS", StringComparison.OrdinalIgnoreCase) || text.Contains("SSL", StringComparison.OrdinalIgnoreCase) || text.Contains("certificate", StringComparison.OrdinalIgnoreCase)
                    ? "the TLS handshake with the brokers failed"
                    : "cannot connect to the brokers";
            throw new IOException($"{kind} ({security.Describe()}): {text}", e);
        }
    }

    /// <summary>
    /// A JetStream API call at start-up, retried for up to 60 s: brokers that are just starting (or electing a leader
    /// for a new R3 stream, which several workers may ask for at once) answer late or not at all. A config mismatch
    /// is not retried.
    /// </summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, Action<string> log, CancellationToken cancel)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ClusterConfigMismatchException and not OperationCanceledException && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                log($"cluster: JetStream not ready ({e.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts the partition readers (as leases are gained) and the alert stream reader.</summary>
    public void Start()
    {
        var ackWait = leases!.FenceAfter;
        owner = PartitionOwner.Start(Js, leases, Replicas, ackWait, ApplyEventsAsync, log);
        owner.CaughtUp += partition => PartitionCaughtUp?.Invoke(partition);
        alertReading = Task.Run(() => ReadAlertsAsync(ackWait));
        if (globalEvents is not null)
        {
            global = GlobalLease.Start(bucket!, Js, Worker, leaseTtl, Replicas, ApplyGlobalEventsAsync, log);
            global.CaughtUp += () => GlobalCaughtUp?.Invoke();
        }
    }

    private TimeSpan leaseTtl;

    /// <summary>Undelivered or unacked events of this worker's partitions, asked of the brokers (0 = all in the local store).</summary>
    public async Task<ulong> BacklogAsync(CancellationToken cancel) =>
        (owner is { } o ? await o.BacklogAsync(cancel).ConfigureAwait(false) : 0) + (global is { } g ? await g.BacklogAsync(cancel).ConfigureAwait(false) : 0);

    /// <summary>Alerts on the stream this worker's store has not taken in yet.</summary>
    public async Task<ulong> AlertBacklogAsync(CancellationToken cancel) => alertReader is { } r ? await r.BacklogAsync(cancel).ConfigureAwait(false) : 1;

    private async Task ApplyEventsAsync(int partition, IReadOnlyList<StreamMessage> batch)
    {
        var incoming = new List<IncomingEvent>(batch.Count);
        foreach (var m in batch)
        {
            if (EventMessages.FromMessage(m) is { } e)
            {
                incoming.Add(e);
            }
        }
        if (incoming.Count > 0)
        {
            await events.AppendAsync(incoming, stop.Token).ConfigureAwait(false);
        }
        Interlocked.Add(ref eventsApplied, incoming.Count);
    }

    private async Task ApplyGlobalEventsAsync(IReadOnlyList<StreamMessage> batch)
    {
        var incoming = new List<IncomingEvent>(batch.Count);
        foreach (var m in batch)
        {
            if (EventMessages.FromMessage(m) is { } e)
            {
                incoming.Add(e);
            }
        }
        if (incoming.Count > 0)
        {
            await globalEvents!.AppendAsync(incoming, stop.Token).ConfigureAwait(false);
        }
        Interlocked.Add(ref globalEventsApplied, incoming.Count);
    }

    private async Task ReadAlertsAsync(TimeSpan ackWait)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                alertReader = await AlertStream.OpenReaderAsync(Js, Worker, Replicas, ackWait, stop.Token).ConfigureAwait(false);
                await alertReader.RunAsync(batch =>
                {
                    ApplyAlerts(batch);
                    return Task.CompletedTask;
                }, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log($"cluster: alert stream reader failed ({e.GetType().Name}: {e.Message}); reopening");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>New alerts and status changes in stream order: each run of one kind is written in one transaction.</summary>
    private void ApplyAlerts(IReadOnlyList<StreamMessage> batch)
    {
        var documents = new List<Vigil.Detection.Alerts.AlertDocument>();
        var updates = new List<(string, string)>();
        void Flush()
        {
            if (documents.Count > 0)
            {
                Interlocked.Add(ref alertsApplied, alerts.WriteNew(documents).Count);
                documents.Clear();
            }
            if (updates.Count > 0)
            {
                (alerts as SqliteAlertStore)?.Replace(updates);
                updates.Clear();
            }
        }
        foreach (var m in batch)
        {
            if (AlertMessages.IsUpdate(m))
            {
                if (documents.Count > 0)
                {
                    Flush();
                }
                if (m.Header(AlertMessages.IdHeader) is { Length: > 0 } id)
                {
                    updates.Add((id, System.Text.Encoding.UTF8.GetString(m.Body.Span)));
                }
                continue;
            }
            if (updates.Count > 0)
            {
                Flush();
            }
            if (AlertMessages.FromMessage(m) is { } alert)
            {
                documents.Add(alert);
            }
        }
        Flush();
    }

    /// <summary>
    /// A status change made on this worker (Kibana's status, tags or assignee calls): published before the request is
    /// answered, so the answer means every worker will take it. A failed publish leaves the change on this worker only.
    /// </summary>
    private void PublishRewritten(IReadOnlyList<(string Id, string Json)> rewritten)
    {
        try
        {
            // Called on the request's thread after the local commit; no synchronisation context, so waiting is safe.
            Alerts.PublishAllAsync(rewritten.Select(r => AlertMessages.ToUpdateMessage(r.Id, r.Json)).ToList()).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log($"cluster: publishing {rewritten.Count} status change(s) failed: {e.Message}; kept on this worker only");
        }
    }

    /// <summary>Stable across restarts of one data folder, so its consumers resume where they stopped.</summary>
    private static string DefaultWorkerId(string dataDirectory)
    {
        var path = Path.GetFullPath(dataDirectory);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path));
        return $"{Environment.MachineName}-{Convert.ToHexStringLower(hash)[..8]}";
    }

    /// <summary>Stops the readers, then the leases (they expire; a clean stop could delete them — see docs/cluster.md), then the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (alerts is SqliteAlertStore sqlite)
        {
            sqlite.Rewritten -= PublishRewritten;
        }
        await stop.CancelAsync().ConfigureAwait(false);
        if (owner is not null)
        {
            await owner.DisposeAsync().ConfigureAwait(false);
        }
        if (global is not null)
        {
            await global.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            await alertReading.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        if (leases is not null)
        {
            await leases.DisposeAsync().ConfigureAwait(false);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }
}
