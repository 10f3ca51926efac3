namespace Vigil.Server.Clock;

/// <summary>Real time.</summary>
public sealed class SystemClock : IClock
{
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public async Task WaitUntilAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        // Sleep in slices so a changed system time is noticed within a second.
        while (UtcNow < time)
        {
            var left = time - UtcNow;
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
