using Vigil.Server.Clock;

namespace Vigil.Server.Tests;

public sealed class ManualClockTests
{
    [Fact]
    public async Task A_waiter_wakes_only_once_the_clock_passes_its_time()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var wait = clock.WaitUntilAsync(start.AddMinutes(5), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(start.AddMinutes(5), clock.UtcNow);
    }

    [Fact]
    public void The_clock_never_goes_back()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        clock.Set(start.AddMinutes(-1));
        Assert.Equal(start, clock.UtcNow);
    }
}
