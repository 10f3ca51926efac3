using Vigil.Server.Ingest;

namespace Vigil.Server.Tests.Ingest;

public sealed class IngestThrottleTests
{
    [Fact]
    public async Task A_request_over_the_bound_waits_then_gets_no_slot_and_one_freed_slot_lets_the_next_in()
    {
        using var throttle = new IngestThrottle(2, TimeSpan.FromMilliseconds(100));
        var first = await throttle.EnterAsync(CancellationToken.None);
        var second = await throttle.EnterAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(await throttle.EnterAsync(CancellationToken.None));
        first!.Dispose();
        first.Dispose(); // a second dispose must not free a second slot
        var third = await throttle.EnterAsync(CancellationToken.None);
        Assert.NotNull(third);
        Assert.Null(await throttle.EnterAsync(CancellationToken.None));
        second!.Dispose();
        third!.Dispose();
    }
}
