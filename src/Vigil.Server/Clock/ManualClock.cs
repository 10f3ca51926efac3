namespace Vigil.Server.Clock;

/// <summary>A clock that stands still until it is set or advanced (tests, <c>--clock</c>); waiters wake when it passes their time.</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;
    private TaskCompletionSource moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (gate)
            {
                return now;
            }
        }
    }

    /// <summary>Moves the clock forward (never back: a scheduler's executions only go forward).</summary>
    public void Set(DateTimeOffset time)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            if (time <= now)
            {
                return;
            }
            now = time;
            wake = moved;
            moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    public void Advance(TimeSpan by) => Set(UtcNow + by);

    public async Task WaitUntilAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (now >= time)
                {
                    return;
                }
                next = moved.Task;
            }
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
