namespace Vigil.Server.Clock;

/// <summary>The service's notion of now: the wall clock, or a manual clock a test advances.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }

    /// <summary>Completes when the clock reaches <paramref name="time"/> (or the token is cancelled).</summary>
    Task WaitUntilAsync(DateTimeOffset time, CancellationToken cancellationToken);
}
