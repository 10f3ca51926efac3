using Microsoft.Extensions.Hosting;

namespace Vigil.Server.Hosting;

/// <summary>
/// Replaces the console lifetime: signals are handled by <c>vigil serve</c> itself (stop on SIGINT/SIGTERM through
/// <see cref="VigilServer.StopAsync"/>), and several servers in one test process must not all stop on one Ctrl+C.
/// </summary>
public sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
