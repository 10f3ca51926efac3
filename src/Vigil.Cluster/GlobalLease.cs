using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Vigil.Cluster;

/// <summary>
/// The one lease that elects the global worker: key <c>global</c> in the lease bucket (MaxAge = TTL, so a dead
/// holder's lease expires by itself). Every TTL/3 the holder renews it with a revision-checked Update and everyone
/// else tries Create. While the lease is held fresh (its last write started less than 0.8 TTL ago, the same fence
/// as <see cref="PartitionLeases.IsFresh"/>) this worker reads <b>every</b> partition through its own durable
/// consumer <c>vigil-global-&lt;worker&gt;</c> and hands the batches to <c>apply</c>; the reader is stopped before a
/// lease that could not be renewed can expire on the server.
/// </summary>
public sealed class GlobalLease : IAsyncDisposable
{
    public const string Key = "global";

    private readonly INatsKVStore store;
    private readonly INatsJSContext js;
    private readonly string worker;
    private readonly TimeSpan ttl;
    private readonly int replicas;
    private readonly Func<IReadOnlyList<StreamMessage>, Task> apply;
    private readonly Action<string> log;
    private readonly CancellationTokenSource stop = new();
    private ulong revision;
    private long renewedAt;
    private Task leasing = Task.CompletedTask;
    private Task watching = Task.CompletedTask;
    private Task reading = Task.CompletedTask;
    private CancellationTokenSource? readerStop;
    private PartitionReader? reader;
    private volatile bool caughtUp;

    private GlobalLease(INatsKVStore store, INatsJSContext js, string worker, TimeSpan ttl, int replicas,
        Func<IReadOnlyList<StreamMessage>, Task> apply, Action<string> log)
    {
        this.store = store;
        this.js = js;
        this.worker = worker;
        this.ttl = ttl;
        this.replicas = replicas;
        this.apply = apply;
        this.log = log;
    }

    /// <summary>The global reader has delivered everything the stream held when the lease was gained.</summary>
    public event Action? CaughtUp;

    /// <summary>The durable consumer name of this worker's reader of every partition.</summary>
    public static string Durable(string worker) => "vigil-global-" + PartitionReader.ConsumerToken(worker);

    /// <summary>Held, fresh, and its reader caught up: the global rules may run on what this worker's global store holds.</summary>
    public bool IsActive => IsFresh && caughtUp;

    /// <summary>Held and its last write younger than 0.8 TTL.</summary>
    public bool IsFresh => Interlocked.Read(ref revision) != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref renewedAt)) < ttl * 0.8;

    /// <summary>The stream sequence the global reader has handled through (0 when not reading).</summary>
    public ulong HandledThrough => reader?.HandledThrough ?? 0;

    public static GlobalLease Start(INatsKVStore store, INatsJSContext js, string worker, TimeSpan ttl, int replicas,
        Func<IReadOnlyList<StreamMessage>, Task> apply, Action<string> log)
    {
        var lease = new GlobalLease(store, js, worker, ttl, replicas, apply, log);
        lease.leasing = Task.Run(lease.LeaseLoopAsync);
        lease.watching = Task.Run(lease.WatchLoopAsync);
        return lease;
    }

    /// <summary>Undelivered plus unacked messages of the global reader (0 when caught up or not reading).</summary>
    public async Task<ulong> BacklogAsync(CancellationToken cancel)
    {
        if (!IsFresh)
        {
            return 0;
        }
        return reader is { } r ? await r.BacklogAsync(cancel) : 1;
    }

    /// <summary>One lease round: renew if held, else try to take it. Public so tests can step it.</summary>
    public async Task RenewOrClaimAsync(CancellationToken cancel = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var held = Interlocked.Read(ref revision);
        try
        {
            var next = held != 0
                ? await store.UpdateAsync(Key, worker, held, cancellationToken: cancel)
                : await store.CreateAsync(Key, worker, cancellationToken: cancel);
            Interlocked.Exchange(ref renewedAt, started);
            Interlocked.Exchange(ref revision, next);
            if (held == 0)
            {
                log($"cluster: global lease gained by {worker}: reading every partition");
            }
        }
        catch (NatsKVWrongLastRevisionException)
        {
            Interlocked.Exchange(ref revision, 0);
        }
        catch (NatsKVCreateException)
        {
            // Held by a live worker.
        }
    }

    private async Task LeaseLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RenewOrClaimAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A broker failover mid-round: the next round retries; the fence stops the reader if it lasts.
            }
            try
            {
                await Task.Delay(ttl / 3, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts the reader while the lease is fresh and stops it (then forgets the lease) once it is not.</summary>
    private async Task WatchLoopAsync()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(ttl.TotalMilliseconds * 0.08, 50, 500));
        while (!stop.IsCancellationRequested)
        {
            var fresh = IsFresh;
            if (fresh && readerStop is null)
            {
                readerStop = new CancellationTokenSource();
                var token = readerStop.Token;
                reading = Task.Run(() => ReadAsync(token));
            }
            else if (!fresh && readerStop is not null)
            {
                await StopReaderAsync();
                if (Interlocked.Exchange(ref revision, 0) != 0)
                {
                    log($"cluster: global lease not renewed within {ttl.TotalSeconds * 0.8:0.#} s, global reader stopped");
                }
            }
            try
            {
                await Task.Delay(period, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StopReaderAsync()
    {
        caughtUp = false;
        if (readerStop is not { } cancel)
        {
            return;
        }
        await cancel.CancelAsync();
        try
        {
            await reading;
        }
        catch (OperationCanceledException)
        {
        }
        cancel.Dispose();
        readerStop = null;
        reader = null;
    }

    private async Task ReadAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                var opened = await PartitionReader.OpenAsync(js, ClusterSubjects.StreamName, Durable(worker), ClusterSubjects.StoredSubjects, -1, replicas, ttl * 0.8, cancel);
                reader = opened;
                if (await opened.BacklogAsync(cancel) == 0)
                {
                    MarkCaughtUp();
                }
                await opened.RunAsync(async batch =>
                {
                    await apply(batch);
                    if (batch[^1].Pending == 0)
                    {
                        MarkCaughtUp();
                    }
                }, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log($"cluster: global reader failed ({e.GetType().Name}: {e.Message}); reopening");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), cancel);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void MarkCaughtUp()
    {
        if (!caughtUp)
        {
            caughtUp = true;
            CaughtUp?.Invoke();
        }
    }

    /// <summary>Stops renewing and reading; the lease expires after TTL, as a killed worker's would.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await leasing;
        await watching;
        await StopReaderAsync();
        stop.Dispose();
    }
}
