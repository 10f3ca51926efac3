using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Vigil.Cluster;

/// <summary>
/// The cluster's alerts: one stream <c>VIGIL_ALERTS</c> on <c>vigil.alerts</c>, each alert published with
/// <c>Nats-Msg-Id</c> = its deterministic id (two owners of one window publish one message inside the duplicate
/// window), and read by every worker through its own durable consumer into its own alert store, which keeps an id once.
/// </summary>
public sealed class AlertStream(INatsJSContext js)
{
    public const string StreamName = "VIGIL_ALERTS";
    public const string Subject = "vigil.alerts";

    public static Task<StreamConfig> EnsureAsync(INatsJSContext js, int replicas, TimeSpan duplicateWindow, CancellationToken cancel = default) =>
        // No age limit: the alert stream is how a new or rebuilt worker fills its alert store (alerts and status changes).
        EventStreamSetup.EnsureStreamAsync(js, StreamName, Subject, replicas, duplicateWindow, TimeSpan.Zero, cancel);

    /// <summary>Publishes the alerts (JSON text each) and completes once JetStream acked every one.</summary>
    public async Task PublishAllAsync(IReadOnlyList<(string Id, string Json, NatsHeaders? Headers)> alerts, CancellationToken cancel = default)
    {
        var pending = new List<Task>(Math.Min(alerts.Count, EventPublisher.InFlight));
        foreach (var (id, json, headers) in alerts)
        {
            pending.Add(PublishAsync(id, json, headers, cancel));
            if (pending.Count == EventPublisher.InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
    }

    private async Task PublishAsync(string id, string json, NatsHeaders? headers, CancellationToken cancel)
    {
        var ack = await js.PublishAsync(Subject, System.Text.Encoding.UTF8.GetBytes(json), opts: new NatsJSPubOpts { MsgId = id }, headers: headers, cancellationToken: cancel);
        if (!ack.Duplicate)
        {
            ack.EnsureSuccess();
        }
    }

    /// <summary>This worker's reader of every alert, from the first (a new worker fills its store with all of them).</summary>
    public static Task<PartitionReader> OpenReaderAsync(INatsJSContext js, string worker, int replicas, TimeSpan ackWait, CancellationToken cancel = default) =>
        PartitionReader.OpenAsync(js, StreamName, "vigil-alerts-" + PartitionReader.ConsumerToken(worker), Subject, -1, replicas, ackWait, cancel);
}
