using System.Collections.Concurrent;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Vigil.Cluster;

/// <summary>
/// One worker's leases on partitions, kept in a KV bucket whose MaxAge is the lease TTL: an unrenewed lease simply
/// expires. Keys: <c>p.&lt;n&gt;</c> = owner id (a partition lease), <c>w.&lt;id&gt;</c> (this worker is alive, so
/// the others can count live workers). Every TTL/3 the worker renews with revision-checked Update (a stale owner's
/// update fails and it drops the partition), then claims free partitions with Create until it holds
/// ceil(P / live workers), or releases its surplus so a newcomer can take some.
/// </summary>
public sealed class PartitionLeases : IAsyncDisposable
{
    public const string Bucket = "vigil_leases";
    private readonly INatsKVStore _store;
    private readonly string _worker;
    private readonly int _partitions;
    private readonly TimeSpan _ttl;
    private readonly ConcurrentDictionary<int, ulong> _owned = new();
    private readonly ConcurrentDictionary<int, long> _renewedAt = new();
    private readonly CancellationTokenSource _stop = new();
    // Partitions whose lease went stale here (Forget): claimed first again, their consumers resume after what they acked.
    private readonly ConcurrentDictionary<int, byte> _heldBefore = new();
    private ulong _aliveRevision;
    private int _liveBefore;
    private bool _lastRoundFailed;
    private Task? _loop;

    private PartitionLeases(INatsKVStore store, string worker, int partitions, TimeSpan ttl)
    {
        _store = store;
        _worker = worker;
        _partitions = partitions;
        _ttl = ttl;
    }

    public string Worker => _worker;

    /// <summary>The partitions this worker holds right now.</summary>
    public IReadOnlyCollection<int> Owned => _owned.Keys.Order().ToArray();

    /// <summary>
    /// Called before a surplus lease is deleted (so its reader stops before another worker can take it); the delete
    /// waits for it.
    /// </summary>
    public Func<int, Task>? BeforeRelease { get; set; }

    /// <summary>
    /// How long after the start of its last successful write a lease still counts as held here: 0.8 TTL, so a worker
    /// that cannot renew (broker gone, process stalled) stops using the partition before the server lets it expire.
    /// </summary>
    public TimeSpan FenceAfter => _ttl * 0.8;

    /// <summary>True while the partition is held and its last write is younger than <see cref="FenceAfter"/>.</summary>
    public bool IsFresh(int partition) =>
        _owned.ContainsKey(partition) && _renewedAt.TryGetValue(partition, out var at) && System.Diagnostics.Stopwatch.GetElapsedTime(at) < FenceAfter;

    /// <summary>Gives up a lease that went stale without writing (it expires on the server by itself).</summary>
    public void Forget(int partition)
    {
        if (_owned.TryRemove(partition, out _))
        {
            _heldBefore[partition] = 0;
        }
        _renewedAt.TryRemove(partition, out _);
    }

    public static async Task<INatsKVStore> OpenBucketAsync(INatsJSContext js, TimeSpan ttl, int replicas, CancellationToken cancel = default)
    {
        var kv = new NatsKVContext(js);
        var store = await kv.CreateStoreAsync(new NatsKVConfig(Bucket) { MaxAge = ttl, NumberOfReplicas = replicas, History = 1 }, cancel);
        var kept = (await js.GetStreamAsync("KV_" + Bucket, cancellationToken: cancel)).Info.Config;
        if (kept.MaxAge != ttl || kept.NumReplicas != replicas)
        {
            throw new ClusterConfigMismatchException($"lease bucket {Bucket}: the server kept max age {kept.MaxAge} and {kept.NumReplicas} replicas, wanted {ttl} and {replicas}");
        }
        return store;
    }

    public static PartitionLeases Start(INatsKVStore store, string worker, int partitions, TimeSpan ttl)
    {
        var leases = new PartitionLeases(store, worker, partitions, ttl);
        leases._loop = Task.Run(leases.RunAsync);
        return leases;
    }

    /// <summary>Renews one lease; false (and the partition is dropped) when someone else's write came between.</summary>
    public async Task<bool> RenewAsync(int partition, CancellationToken cancel = default)
    {
        if (!_owned.TryGetValue(partition, out var revision))
        {
            return false;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var next = await _store.UpdateAsync(Key(partition), _worker, revision, cancellationToken: cancel);
            if (_owned.TryUpdate(partition, next, revision))
            {
                _renewedAt[partition] = started;
            }
            return true;
        }
        catch (NatsKVWrongLastRevisionException)
        {
            Forget(partition);
            return false;
        }
    }

    /// <summary>One round: stay alive, renew, then claim or release toward the fair share. Public so tests can step it.</summary>
    public async Task BalanceAsync(CancellationToken cancel = default)
    {
        // All at once: during a broker fail-over each call may wait out the client's request timeout (5 s), and one
        // after another (the alive key, then every lease) a round outlasted the fence many times over, so every lease
        // of every worker went stale and the partitions moved back and forth once the bucket answered again.
        var alive = PutAliveAsync(cancel);
        var renewals = Task.WhenAll(_owned.Keys.ToArray().Select(partition => RenewAsync(partition, cancel)));
        await Task.WhenAll(alive, renewals);
        _aliveRevision = await alive;
        var counted = await CountLiveWorkersAsync(cancel);
        // After rounds the bucket did not answer, the other workers' alive keys may have lapsed as this one's did: for
        // this round count the workers seen before, so the first worker back does not claim every partition only to
        // give half of them back (each move is a replay and a takeover re-run). A worker that really died is
        // dropped from the count one round (TTL/3) later.
        var live = _lastRoundFailed ? Math.Max(counted, _liveBefore) : counted;
        var share = (_partitions + live - 1) / Math.Max(1, live);
        foreach (var partition in _heldBefore.Keys.Order().Concat(Enumerable.Range(0, _partitions)).Distinct().ToArray())
        {
            if (_owned.Count >= share)
            {
                break;
            }
            if (_owned.ContainsKey(partition))
            {
                continue;
            }
            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var revision = await _store.CreateAsync(Key(partition), _worker, cancellationToken: cancel);
                _renewedAt[partition] = started;
                _owned[partition] = revision;
            }
            catch (NatsKVCreateException)
            {
                // Held by a live worker.
            }
            _heldBefore.TryRemove(partition, out _);
        }
        _liveBefore = counted;
        _lastRoundFailed = false;
        foreach (var partition in _owned.Keys.OrderDescending().Take(Math.Max(0, _owned.Count - share)).ToArray())
        {
            await ReleaseAsync(partition, cancel);
        }
    }

    private async Task RunAsync()
    {
        var period = _ttl / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await BalanceAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A broker failover mid-round: the next round retries; leases outlive one missed renewal (TTL/3).
                _lastRoundFailed = true;
            }
            try
            {
                await Task.Delay(period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<ulong> PutAliveAsync(CancellationToken cancel)
    {
        var key = "w." + ClusterSubjects.EscapeToken(_worker);
        if (_aliveRevision != 0)
        {
            try
            {
                return await _store.UpdateAsync(key, _worker, _aliveRevision, cancellationToken: cancel);
            }
            catch (NatsKVWrongLastRevisionException)
            {
            }
        }
        return await _store.PutAsync(key, _worker, cancellationToken: cancel);
    }

    private async Task<int> CountLiveWorkersAsync(CancellationToken cancel)
    {
        var live = 0;
        try
        {
            await foreach (var key in _store.GetKeysAsync(cancellationToken: cancel))
            {
                if (key.StartsWith("w.", StringComparison.Ordinal))
                {
                    live++;
                }
            }
        }
        catch (NatsKVException)
        {
        }
        return Math.Max(1, live);
    }

    private async Task ReleaseAsync(int partition, CancellationToken cancel)
    {
        if (BeforeRelease is { } stopping)
        {
            await stopping(partition);
        }
        _renewedAt.TryRemove(partition, out _);
        if (_owned.TryRemove(partition, out var revision))
        {
            try
            {
                await _store.DeleteAsync(Key(partition), new NatsKVDeleteOpts { Revision = revision }, cancel);
            }
            catch (NatsKVWrongLastRevisionException)
            {
            }
        }
    }

    private static string Key(int partition) => "p." + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stops renewing (the leases then expire after TTL); what a killed worker does, minus the kill.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        _stop.Dispose();
    }
}
