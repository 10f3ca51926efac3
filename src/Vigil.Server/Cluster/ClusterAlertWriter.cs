using Vigil.Cluster;
using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;

namespace Vigil.Server.Cluster;

/// <summary>
/// The scheduler's alert writes in cluster mode: published to the alert stream (every worker's store gets them from
/// there), then written to this worker's store at once so its own API answers without waiting for the round trip.
/// A failed publish still writes locally, then throws, so the execution is reported failed.
/// </summary>
public sealed class ClusterAlertWriter(AlertStream stream, IAlertStore local, Action<string> log) : IAlertStore
{
    public long Count => local.Count;

    public bool Contains(string id) => local.Contains(id);

    public IReadOnlyList<AlertDocument> WriteNew(IReadOnlyList<AlertDocument> alerts)
    {
        Exception? failed = null;
        try
        {
            // The executor runs on a pool thread of its own (Task.Run), so waiting here blocks no request.
            stream.PublishAllAsync(alerts.Select(AlertMessages.ToMessage).ToList()).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log($"cluster: publishing {alerts.Count} alert(s) failed: {e.Message}; kept in this worker's store only");
            failed = e;
        }
        var created = local.WriteNew(alerts);
        if (failed is not null)
        {
            throw new InvalidOperationException("the alert stream did not ack the alerts", failed);
        }
        return created;
    }

    /// <summary>The local store is the server's; it disposes it.</summary>
    public void Dispose()
    {
    }
}
