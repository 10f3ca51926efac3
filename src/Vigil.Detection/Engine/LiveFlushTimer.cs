using System.Diagnostics;

namespace Vigil.Detection.Engine;

/// <summary>
/// When a follow-mode <see cref="DetectionSession"/> on a live stream is flushed, by wall clock: what waits for time
/// order goes out once the stream pauses (<see cref="IdleFlush"/>) or the oldest waiting event has waited the reorder
/// window; sequences waiting on a trailing missing stage settle once the stream has been idle a whole window. One
/// policy for <c>vigil scan --follow</c> and the agent's live rules. Not thread-safe: callers serialise.
/// </summary>
public sealed class LiveFlushTimer(DetectionSession session, TimeSpan reorderWindow)
{
    public static TimeSpan IdleFlush { get; } = TimeSpan.FromMilliseconds(250);

    private long lastEventTicks = Stopwatch.GetTimestamp();
    private long oldestWaitingTicks;
    private bool waiting;
    private bool settled = true;

    /// <summary>Notes that an event is about to go into the session.</summary>
    public void EventArrived()
    {
        var now = Stopwatch.GetTimestamp();
        lastEventTicks = now;
        if (!waiting)
        {
            waiting = true;
            oldestWaitingTicks = now;
        }
        settled = false;
    }

    /// <summary>Flushes the session when the clock says so; called on a timer.</summary>
    public void Tick()
    {
        var idle = Stopwatch.GetElapsedTime(lastEventTicks);
        if (waiting && (idle >= IdleFlush || Stopwatch.GetElapsedTime(oldestWaitingTicks) >= reorderWindow))
        {
            session.Flush();
            waiting = false;
        }
        if (!settled && idle >= reorderWindow)
        {
            // Idle a whole reorder window: no event is coming that could fill a trailing missing stage.
            session.Flush(settleMissing: true);
            settled = true;
        }
    }
}
