using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Vigil.Cluster;

/// <summary>
/// Reads one stream subject set in stream order through a durable pull consumer of this worker's own, in batches:
/// a batch is handed on whole, then acked at once (ack policy All: acking its last message acks everything before it).
/// A batch redelivered after a crash or an ack timeout is filtered by sequence, so the handler sees every message once,
/// in order. The consumer config is read back: 2.9 drops fields it does not know (FilterSubjects) silently.
/// </summary>
public sealed class PartitionReader
{
    /// <summary>Most messages per batch (and unacked at once).</summary>
    public const int Batch = 512;

    private readonly INatsJSConsumer consumer;
    private ulong handledThrough;

    private PartitionReader(INatsJSConsumer consumer, int partition)
    {
        this.consumer = consumer;
        Partition = partition;
    }

    public int Partition { get; }

    /// <summary>The stream sequence of the last message handed on (0 before the first).</summary>
    public ulong HandledThrough => Interlocked.Read(ref handledThrough);

    /// <summary>
    /// Per worker and partition: every worker that comes to own a partition replays it from the stream's first message
    /// into its own event store, and one that owned it before resumes after what it acked.
    /// </summary>
    public static string Durable(int partition, string worker) => $"vigil-p-{partition}-{ConsumerToken(worker)}";

    /// <summary>
    /// The ack wait is below a lease TTL + 5 s, so a batch in flight when its reader died comes back (to this worker's
    /// consumer, after a restart) well within the time a takeover is allowed to take.
    /// </summary>
    public static Task<PartitionReader> OpenAsync(INatsJSContext js, int partition, string worker, int replicas, TimeSpan ackWait, CancellationToken cancel = default) =>
        OpenAsync(js, ClusterSubjects.StreamName, Durable(partition, worker), ClusterSubjects.Partition(partition), partition, replicas, ackWait, cancel);

    public static async Task<PartitionReader> OpenAsync(INatsJSContext js, string stream, string durable, string filter, int partition, int replicas,
        TimeSpan ackWait, CancellationToken cancel = default)
    {
        var wanted = new ConsumerConfig(durable)
        {
            FilterSubject = filter,
            AckPolicy = ConsumerConfigAckPolicy.All,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            MaxAckPending = Batch,
            AckWait = ackWait,
            NumReplicas = replicas,
        };
        var consumer = await js.CreateOrUpdateConsumerAsync(stream, wanted, cancel);
        var kept = consumer.Info.Config;
        if (kept.FilterSubject != wanted.FilterSubject || kept.AckPolicy != wanted.AckPolicy || kept.MaxAckPending != wanted.MaxAckPending || kept.AckWait != wanted.AckWait)
        {
            throw new ClusterConfigMismatchException($"consumer {durable}: the server kept filter '{kept.FilterSubject}', ack {kept.AckPolicy}, max ack pending {kept.MaxAckPending}, ack wait {kept.AckWait}; " +
                $"wanted '{wanted.FilterSubject}', {wanted.AckPolicy}, {wanted.MaxAckPending}, {wanted.AckWait}");
        }
        return new PartitionReader(consumer, partition);
    }

    /// <summary>Messages the consumer has not delivered or that are delivered but not acked (0 = caught up), asked of the server.</summary>
    public async Task<ulong> BacklogAsync(CancellationToken cancel = default)
    {
        await consumer.RefreshAsync(cancel);
        return consumer.Info.NumPending + (ulong)Math.Max(0, consumer.Info.NumAckPending);
    }

    /// <summary>
    /// Hands on batches (in stream order) until <paramref name="cancel"/>; a batch is acked once the handler returns,
    /// so a batch whose handler threw (or whose process died) is delivered again.
    /// </summary>
    public async Task RunAsync(Func<IReadOnlyList<StreamMessage>, Task> handle, CancellationToken cancel)
    {
        var batch = new List<StreamMessage>(Batch);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                batch.Clear();
                INatsJSMsg<byte[]>? last = null;
                // What is there now, at once; if nothing, wait (up to a second) for the next one.
                await foreach (var msg in consumer.FetchNoWaitAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = Batch }, cancellationToken: cancel))
                {
                    last = Take(msg, batch) ?? last;
                }
                if (last is null)
                {
                    await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(1) }, cancellationToken: cancel))
                    {
                        last = Take(msg, batch) ?? last;
                    }
                }
                if (last is not { } final)
                {
                    continue;
                }
                if (batch.Count > 0)
                {
                    await handle(batch);
                    Interlocked.Exchange(ref handledThrough, batch[^1].Sequence);
                }
                // Not cancellable: a handled batch is acked even when the reader is stopping, else it would come back.
                await final.AckAsync(new AckOpts { DoubleAck = true }, CancellationToken.None);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Adds a message not handled yet to the batch; returns it (to ack) either way, or null if it has no metadata.</summary>
    private INatsJSMsg<byte[]>? Take(INatsJSMsg<byte[]> msg, List<StreamMessage> batch)
    {
        if (msg.Metadata is not { } meta)
        {
            return null;
        }
        var sequence = meta.Sequence.Stream;
        var after = batch.Count > 0 ? batch[^1].Sequence : HandledThrough;
        if (sequence > after)
        {
            batch.Add(new StreamMessage(sequence, meta.NumPending, msg.Subject, msg.Headers, msg.Data ?? []));
        }
        return msg;
    }

    /// <summary>A consumer name may not hold '.', '*', '>' or whitespace; anything but [A-Za-z0-9_-] becomes '_' plus its code.</summary>
    public static string ConsumerToken(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                text.Append(c);
            }
            else
            {
                text.Append('_').Append(((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
