using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigil.Server.Hosting;

namespace Vigil.Server.Api;

/// <summary>
/// <c>GET /_vigil/cluster</c>: this worker's view of the cluster — its leased partitions, each reader's progress,
/// what is still waiting on the brokers for it (events of its partitions, alerts of the alert stream) and its local
/// counts. 404 (Elasticsearch's error shape) when the service runs as a single process.
/// </summary>
public static class VigilClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ServerContext context, Scheduling.RuleScheduler scheduler)
    {
        routes.MapGet("/_vigil/cluster", async http =>
        {
            if (context.Cluster is not { } node)
            {
                await ElasticError.WriteAsync(http, 404, "resource_not_found_exception", "this service is not part of a cluster (no --nats)").ConfigureAwait(false);
                return;
            }
            ulong? backlog = null, alertBacklog = null;
            string? error = null;
            try
            {
                backlog = await node.BacklogAsync(http.RequestAborted).ConfigureAwait(false);
                alertBacklog = await node.AlertBacklogAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e.Message;
            }
            var readers = node.Readers;
            var leased = node.Leased;
            var idle = scheduler.IsIdle;
            await JsonReply.WriteAsync(http, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("worker", node.Worker);
                w.WriteNumber("partitions", node.Partitions);
                w.WriteStartArray("leased");
                foreach (var p in leased)
                {
                    w.WriteNumberValue(p);
                }
                w.WriteEndArray();
                w.WriteStartArray("readers");
                foreach (var (partition, caughtUp, through) in readers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("partition", partition);
                    w.WriteBoolean("caught_up", caughtUp);
                    w.WriteNumber("handled_through", through);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (backlog is { } b)
                {
                    w.WriteNumber("event_backlog", b);
                }
                if (alertBacklog is { } a)
                {
                    w.WriteNumber("alert_backlog", a);
                }
                if (error is not null)
                {
                    w.WriteString("error", error);
                }
                w.WriteStartObject("global");
                w.WriteBoolean("held", node.HoldsGlobal);
                w.WriteBoolean("active", node.IsGlobalActive);
                w.WriteNumber("handled_through", node.GlobalHandledThrough);
                w.WriteNumber("events_applied", node.GlobalEventsApplied);
                w.WriteEndObject();
                w.WriteNumber("events_applied", node.EventsApplied);
                w.WriteNumber("alerts_applied", node.AlertsApplied);
                w.WriteNumber("alerts_stored", context.Alerts.Count);
                w.WriteBoolean("scheduler_idle", idle);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        });
    }
}
