using Vigil.Rules;

namespace Vigil.Detection.Schedule;

/// <summary>
/// Plans rule executions as Kibana's task manager and <c>getRuleRangeTuples</c> would: each run searches
/// [now+from, now+to]; when runs are further apart than that range covers, up to four catch-up windows, each
/// shifted back one more interval, are searched first; what remains is reported as a gap.
/// </summary>
public static class ScheduleEmulator
{
    /// <summary>Kibana's <c>MAX_RULE_GAP_RATIO</c>: at most this many catch-up windows per execution.</summary>
    public const int MaxRuleGapRatio = 4;

    /// <summary>Execution start times from <paramref name="start"/> every <paramref name="interval"/> up to and including <paramref name="end"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> RegularStarts(DateTimeOffset start, DateTimeOffset end, Duration interval)
    {
        var starts = new List<DateTimeOffset>();
        if (interval.Milliseconds <= 0)
        {
            return starts;
        }
        for (var t = start; t <= end; t = t.AddMilliseconds(interval.Milliseconds))
        {
            starts.Add(t);
        }
        return starts;
    }

    /// <summary>Plans the executions that start at <paramref name="startTimes"/> (ascending).</summary>
    public static IReadOnlyList<RuleExecution> Plan(IReadOnlyList<DateTimeOffset> startTimes, string from, string to, Duration interval)
    {
        var executions = new List<RuleExecution>(startTimes.Count);
        DateTimeOffset? previous = null;
        foreach (var startedAt in startTimes)
        {
            executions.Add(PlanOne(startedAt, previous, from, to, interval));
            previous = startedAt;
        }
        return executions;
    }

    /// <summary>One execution's windows and gap, given the previous execution's start (null for the first run).</summary>
    public static RuleExecution PlanOne(DateTimeOffset startedAt, DateTimeOffset? previousStartedAt, string from, string to, Duration interval)
    {
        if (!DateMath.TryEvaluate(from, startedAt, roundUp: false, out var originalFrom) ||
            !DateMath.TryEvaluate(to, startedAt, roundUp: false, out var originalTo))
        {
            throw new ArgumentException($"invalid date math in from \"{from}\" or to \"{to}\"");
        }
        var regular = new TimeWindow(originalFrom, originalTo);
        if (previousStartedAt is not { } previous)
        {
            return new RuleExecution(startedAt, null, [regular], TimeSpan.Zero, null, null);
        }

        var gapMs = (startedAt - previous).TotalMilliseconds - (originalTo - originalFrom).TotalMilliseconds;
        if (gapMs < 0)
        {
            return new RuleExecution(startedAt, previous, [regular], TimeSpan.Zero, null, null);
        }
        var intervalMs = interval.Milliseconds;
        var catchUp = gapMs <= 0 || intervalMs <= 0 ? 0 : (int)Math.Min(Math.Ceiling(gapMs / intervalMs), MaxRuleGapRatio);

        var newestFirst = new List<TimeWindow> { regular };
        var currentFrom = originalFrom;
        var currentTo = originalTo;
        for (var i = 0; i < catchUp; i++)
        {
            currentFrom = currentFrom.AddMilliseconds(-intervalMs);
            currentTo = currentTo.AddMilliseconds(-intervalMs);
            newestFirst.Add(new TimeWindow(currentFrom, currentTo));
        }
        newestFirst.Reverse();

        var remainingMs = Math.Max(gapMs - catchUp * (double)intervalMs, 0);
        TimeWindow? gapRange = null;
        string? message = null;
        var remaining = TimeSpan.FromMilliseconds(remainingMs);
        if (remainingMs > 0)
        {
            gapRange = new TimeWindow(previous, previous.AddMilliseconds(remainingMs));
            message = GapMessage(remaining);
        }
        return new RuleExecution(startedAt, previous, newestFirst, remaining, gapRange, message);
    }

    /// <summary>Kibana's failure message for an uncovered gap (moment's <c>humanize()</c> then the milliseconds).</summary>
    public static string GapMessage(TimeSpan remainingGap) =>
        $"{HumanDuration.Humanize(remainingGap)} ({(long)remainingGap.TotalMilliseconds}ms) were not queried between this rule execution and the last execution, so signals may have been missed. Consider increasing your look behind time or adding more Kibana instances";
}
