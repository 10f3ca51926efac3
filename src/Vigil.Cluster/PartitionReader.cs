using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Vigil.Cluster;

/// <summary>
/// Reads one partition in stream order through its durable pull consumer (<c>vigil-p-&lt;n&gt;</c>, filter
/// <c>vigil.p.&lt;n&gt;.&gt;</c>), acking each event after the handler returns, so a new owner resumes after the last
/// acked sequence. The consumer config is read back: 2.9 drops fields it does not know (FilterSubjects) silently.
/// </summary>
public sealed class PartitionReader(INatsJSConsumer consumer, int partition)
{
    public int Partition => partition;

    public static string Durable(int partition) => $"vigil-p-{partition}";

    public static async Task<PartitionReader> OpenAsync(INatsJSContext js, int partition, int replicas, CancellationToken cancel = default)
    {
        var wanted = new ConsumerConfig(Durable(partition))
        {
            FilterSubject = ClusterSubjects.Partition(partition),
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            // One in flight: events of a partition are processed strictly in stream order.
            MaxAckPending = 1,
            AckWait = TimeSpan.FromSeconds(30),
            NumReplicas = replicas,
        };
        var consumer = await js.CreateOrUpdateConsumerAsync(ClusterSubjects.StreamName, wanted, cancel);
        var kept = consumer.Info.Config;
        if (kept.FilterSubject != wanted.FilterSubject || kept.AckPolicy != wanted.AckPolicy || kept.MaxAckPending != wanted.MaxAckPending)
        {
            throw new ClusterConfigMismatchException($"consumer {wanted.Name}: the server kept filter '{kept.FilterSubject}', ack {kept.AckPolicy}, max ack pending {kept.MaxAckPending}; wanted '{wanted.FilterSubject}', {wanted.AckPolicy}, {wanted.MaxAckPending}");
        }
        return new PartitionReader(consumer, partition);
    }

    /// <summary>
    /// Delivers events (stream sequence, subject, body) until <paramref name="cancel"/>; each is acked once the handler
    /// returns, so an event whose handler threw (or whose process died) is delivered again to the next reader.
    /// </summary>
    public async Task RunAsync(Func<ulong, string, ReadOnlyMemory<byte>, Task> handle, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(1) }, cancellationToken: cancel))
                {
                    var sequence = msg.Metadata?.Sequence.Stream ?? 0;
                    await handle(sequence, msg.Subject, msg.Data ?? []);
                    // Not cancellable: a handled event is acked even when the reader is stopping, else it would be handled twice.
                    await msg.AckAsync(new AckOpts { DoubleAck = true }, CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
