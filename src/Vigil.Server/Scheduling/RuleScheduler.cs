using Vigil.Server.Hosting;

namespace Vigil.Server.Scheduling;

/// <summary>Runs every loaded rule on Kibana's schedule over the event store and writes its alerts to the alert store.</summary>
public sealed class RuleScheduler(ServerContext context)
{
    public ServerContext Context { get; } = context;

    /// <summary>Runs until cancelled, then returns at a safe point.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
