using NATS.Client.JetStream;

namespace Vigil.Cluster;

/// <summary>
/// Ties a worker's leases to its readers: a partition it holds (and whose lease is fresh) has one running
/// <see cref="PartitionReader"/> handing batches to <c>apply</c>; a partition it is about to give up, or whose lease it
/// could not renew in time (<see cref="PartitionLeases.FenceAfter"/>), has its reader stopped first — before the
/// server could let another worker take the lease. <see cref="CaughtUp"/> fires once per gain, when the new reader
/// has delivered everything the stream held for the partition.
/// </summary>
public sealed class PartitionOwner : IAsyncDisposable
{
    private readonly INatsJSContext js;
    private readonly PartitionLeases leases;
    private readonly int replicas;
    private readonly TimeSpan ackWait;
    private readonly Func<int, IReadOnlyList<StreamMessage>, Task> apply;
    private readonly Action<string> log;
    private readonly SemaphoreSlim changing = new(1, 1);
    private readonly Dictionary<int, Running> running = [];
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    private PartitionOwner(INatsJSContext js, PartitionLeases leases, int replicas, TimeSpan ackWait,
        Func<int, IReadOnlyList<StreamMessage>, Task> apply, Action<string> log)
    {
        this.js = js;
        this.leases = leases;
        this.replicas = replicas;
        this.ackWait = ackWait;
        this.apply = apply;
        this.log = log;
    }

    /// <summary>A partition gained by this worker has been read up to the end of what the stream held.</summary>
    public event Action<int>? CaughtUp;

    public string Worker => leases.Worker;

    /// <summary>Partitions with a running reader, and whether each has caught up since it was gained.</summary>
    public IReadOnlyList<(int Partition, bool CaughtUp, ulong HandledThrough)> Readers
    {
        get
        {
            lock (running)
            {
                return running.Values.OrderBy(r => r.Partition).Select(r => (r.Partition, r.IsCaughtUp, r.Reader?.HandledThrough ?? 0)).ToList();
            }
        }
    }

    public static PartitionOwner Start(INatsJSContext js, PartitionLeases leases, int replicas, TimeSpan ackWait,
        Func<int, IReadOnlyList<StreamMessage>, Task> apply, Action<string> log)
    {
        var owner = new PartitionOwner(js, leases, replicas, ackWait, apply, log);
        leases.BeforeRelease = owner.StopReaderAsync;
        owner.loop = Task.Run(owner.RunAsync);
        return owner;
    }

    /// <summary>Undelivered plus unacked messages of every running reader, asked of the server (0 = all applied).</summary>
    public async Task<ulong> BacklogAsync(CancellationToken cancel = default)
    {
        List<Running> now;
        lock (running)
        {
            now = [.. running.Values];
        }
        ulong total = 0;
        foreach (var r in now)
        {
            total += r.Reader is { } reader ? await reader.BacklogAsync(cancel) : 1;
        }
        return total;
    }

    private async Task RunAsync()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(leases.FenceAfter.TotalMilliseconds / 10, 50, 500));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await SyncAsync();
                await Task.Delay(period, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Stops the readers of partitions no longer held fresh, then starts readers for newly held ones.</summary>
    private async Task SyncAsync()
    {
        await changing.WaitAsync(stop.Token);
        try
        {
            int[] mine;
            lock (running)
            {
                mine = [.. running.Keys];
            }
            foreach (var partition in mine.Where(p => !leases.IsFresh(p)))
            {
                await StopLockedAsync(partition);
                if (leases.Owned.Contains(partition))
                {
                    // Not renewed within the fence: stop using it and let it expire.
                    leases.Forget(partition);
                    log($"cluster: partition {partition}: lease not renewed within {leases.FenceAfter.TotalSeconds:0.#} s, reader stopped");
                }
            }
            foreach (var partition in leases.Owned.Where(leases.IsFresh))
            {
                lock (running)
                {
                    if (running.ContainsKey(partition))
                    {
                        continue;
                    }
                    var r = new Running(partition);
                    running[partition] = r;
                    r.Task = Task.Run(() => ReadAsync(r));
                }
                log($"cluster: partition {partition}: gained, reading");
            }
        }
        finally
        {
            changing.Release();
        }
    }

    private async Task StopReaderAsync(int partition)
    {
        await changing.WaitAsync();
        try
        {
            await StopLockedAsync(partition);
        }
        finally
        {
            changing.Release();
        }
    }

    private async Task StopLockedAsync(int partition)
    {
        Running? r;
        lock (running)
        {
            running.Remove(partition, out r);
        }
        if (r is null)
        {
            return;
        }
        await r.Stop.CancelAsync();
        try
        {
            await r.Task;
        }
        catch (OperationCanceledException)
        {
        }
        r.Stop.Dispose();
        log($"cluster: partition {partition}: reader stopped");
    }

    private async Task ReadAsync(Running r)
    {
        while (!r.Stop.IsCancellationRequested)
        {
            try
            {
                var reader = await PartitionReader.OpenAsync(js, r.Partition, leases.Worker, replicas, ackWait, r.Stop.Token);
                r.Reader = reader;
                if (await reader.BacklogAsync(r.Stop.Token) == 0)
                {
                    MarkCaughtUp(r);
                }
                await reader.RunAsync(async batch =>
                {
                    await apply(r.Partition, batch);
                    if (batch[^1].Pending == 0)
                    {
                        MarkCaughtUp(r);
                    }
                }, r.Stop.Token);
            }
            catch (OperationCanceledException) when (r.Stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A broker failover or a store write that failed: the unacked batch comes back when the reader reopens.
                log($"cluster: partition {r.Partition}: reader failed ({e.GetType().Name}: {e.Message}); reopening");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), r.Stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void MarkCaughtUp(Running r)
    {
        if (!r.IsCaughtUp)
        {
            r.IsCaughtUp = true;
            CaughtUp?.Invoke(r.Partition);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
        int[] mine;
        lock (running)
        {
            mine = [.. running.Keys];
        }
        foreach (var partition in mine)
        {
            await StopLockedAsync(partition);
        }
        stop.Dispose();
    }

    private sealed class Running(int partition)
    {
        public int Partition { get; } = partition;
        public CancellationTokenSource Stop { get; } = new();
        public Task Task { get; set; } = Task.CompletedTask;
        public PartitionReader? Reader { get; set; }
        public volatile bool IsCaughtUp;
    }
}
