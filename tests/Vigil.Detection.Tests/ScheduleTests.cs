using Vigil.Rules;
using Vigil.Detection.Schedule;

namespace Vigil.Detection.Tests;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.Parse("2024-05-01T12:00:00Z");
    private static readonly Duration FiveMinutes = new(300_000);

    [Theory]
    [InlineData("now", "2024-05-01T12:00:00Z")]
    [InlineData("now-9m", "2024-05-01T11:51:00Z")]
    [InlineData("now-1h+30s", "2024-05-01T11:00:30Z")]
    [InlineData("now-2d", "2024-04-29T12:00:00Z")]
    [InlineData("now/d", "2024-05-01T00:00:00Z")]
    [InlineData("now-1d/d", "2024-04-30T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00Z||+1M", "2024-02-01T00:00:00Z")]
    public void DateMathResolvesAgainstNow(string text, string expected)
    {
        Assert.True(DateMath.TryEvaluate(text, T, roundUp: false, out var t));
        Assert.Equal(DateTimeOffset.Parse(expected), t);
    }

    [Fact]
    public void RoundingUpGoesToTheEndOfTheUnit()
    {
        Assert.True(DateMath.TryEvaluate("now/d", T, roundUp: true, out var t));
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T23:59:59.999Z"), t);
    }

    [Theory]
    [InlineData("now-")]
    [InlineData("now-5x")]
    [InlineData("yesterday")]
    public void BadDateMathIsRejected(string text) => Assert.False(DateMath.TryEvaluate(text, T, false, out _));

    [Theory]
    [InlineData("5m", 300_000)]
    [InlineData("30s", 30_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    public void IntervalsParse(string text, long ms)
    {
        Assert.True(Duration.TryParse(text, out var d));
        Assert.Equal(ms, d.Milliseconds);
    }

    [Fact]
    public void FirstRunSearchesFromNowMinus9mToNow()
    {
        var run = ScheduleEmulator.PlanOne(T, null, "now-9m", "now", FiveMinutes);
        Assert.Equal([new TimeWindow(T.AddMinutes(-9), T)], run.Windows);
        Assert.Null(run.GapMessage);
    }

    [Fact]
    public void RegularRunsOverlapByTheLookBackAndLeaveNoGap()
    {
        var runs = ScheduleEmulator.Plan(ScheduleEmulator.RegularStarts(T, T.AddMinutes(10), FiveMinutes), "now-9m", "now", FiveMinutes);
        Assert.Equal(3, runs.Count);
        Assert.Equal(new TimeWindow(T.AddMinutes(-4), T.AddMinutes(5)), runs[1].Windows.Single());
        Assert.All(runs, r => Assert.Equal(TimeSpan.Zero, r.RemainingGap));
    }

    [Fact]
    public void NineMinutesApartStillNoGap()
    {
        var run = ScheduleEmulator.PlanOne(T.AddMinutes(9), T, "now-9m", "now", FiveMinutes);
        Assert.Single(run.Windows);
        Assert.Null(run.GapMessage);
    }

    [Fact]
    public void TwentyMinutesApartAddsThreeCatchUpWindowsOldestFirst()
    {
        // gap = 20m - 9m = 11m; ceil(11/5) = 3 catch-ups, each shifted one more interval back; 11m - 15m < 0 left.
        var now = T.AddMinutes(20);
        var run = ScheduleEmulator.PlanOne(now, T, "now-9m", "now", FiveMinutes);
        Assert.Equal(
        [
            new TimeWindow(now.AddMinutes(-24), now.AddMinutes(-15)),
            new TimeWindow(now.AddMinutes(-19), now.AddMinutes(-10)),
            new TimeWindow(now.AddMinutes(-14), now.AddMinutes(-5)),
            new TimeWindow(now.AddMinutes(-9), now),
        ], run.Windows);
        Assert.Null(run.GapMessage);
    }

    [Fact]
    public void AnHourApartCatchesUpFourIntervalsAndReportsTheRest()
    {
        // gap = 60m - 9m = 51m; catch-ups capped at 4 (20m); 31m remain.
        var now = T.AddHours(1);
        var run = ScheduleEmulator.PlanOne(now, T, "now-9m", "now", FiveMinutes);
        Assert.Equal(5, run.Windows.Count);
        Assert.Equal(new TimeWindow(now.AddMinutes(-29), now.AddMinutes(-20)), run.Windows[0]);
        Assert.Equal(TimeSpan.FromMinutes(31), run.RemainingGap);
        Assert.Equal(new TimeWindow(T, T.AddMinutes(31)), run.GapRange);
        Assert.Equal("31 minutes (1860000ms) were not queried between this rule execution and the last execution, so signals may have been missed. Consider increasing your look behind time or adding more Kibana instances",
            run.GapMessage);
    }

    [Fact]
    public void ShortLookBackGetsACatchUpEveryRun()
    {
        // from now-2m with a 5m interval: each run leaves 3m, covered by one catch-up window.
        var now = T.AddMinutes(5);
        var run = ScheduleEmulator.PlanOne(now, T, "now-2m", "now", FiveMinutes);
        Assert.Equal([new TimeWindow(now.AddMinutes(-7), now.AddMinutes(-5)), new TimeWindow(now.AddMinutes(-2), now)], run.Windows);
        Assert.Null(run.GapMessage);
    }

    [Theory]
    [InlineData(30_000, "a few seconds")]
    [InlineData(45_000, "a minute")]
    [InlineData(90_000, "2 minutes")]
    [InlineData(44 * 60_000, "44 minutes")]
    [InlineData(45 * 60_000, "an hour")]
    [InlineData(3 * 3_600_000, "3 hours")]
    [InlineData(22 * 3_600_000, "a day")]
    [InlineData(5 * 86_400_000L, "5 days")]
    public void HumanizeMatchesMoment(long ms, string expected) =>
        Assert.Equal(expected, HumanDuration.Humanize(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void WindowsAreInclusiveAtBothEnds()
    {
        var w = new TimeWindow(T, T.AddMinutes(1));
        Assert.True(w.Contains(T));
        Assert.True(w.Contains(T.AddMinutes(1)));
        Assert.False(w.Contains(T.AddMilliseconds(-1)));
    }
}
