using System.Diagnostics;
using Vigil.Detection.Alerts;
using Vigil.Detection.Engine;
using Vigil.Eql.Runtime;
using Vigil.Events.Readers;

namespace Vigil.Agent.Sensor;

/// <summary>
/// Runs rules in-process on the live stream: each event goes into one follow-mode <see cref="DetectionSession"/>
/// (the same engine as <c>vigil scan --follow</c>), which hands each alert out as soon as it is decided. The tick
/// flushes what waits for time order once the stream pauses, and settles trailing stages after a reorder window.
/// </summary>
public sealed class LiveRulesSink : IEventSink
{
    private static readonly TimeSpan IdleFlush = TimeSpan.FromMilliseconds(250);

    private readonly DetectionSession session;
    private readonly TimeSpan reorderWindow;
    private readonly Dictionary<string, byte[]> indexBytes = new(StringComparer.Ordinal);
    private long line;
    private long lastEventTicks = Stopwatch.GetTimestamp();
    private long oldestWaitingTicks;
    private bool waiting;
    private bool settled = true;

    public LiveRulesSink(IReadOnlyList<PreparedRule> rules, ScanOptions options, TimeSpan reorderWindow, Action<PreparedRule, AlertDocument> onAlert)
    {
        this.reorderWindow = reorderWindow;
        session = new DetectionSession(rules, options, new DetectionSessionOptions
        {
            Follow = true,
            Reorder = new ReorderOptions { Window = reorderWindow },
            OnAlert = onAlert,
        });
    }

    public DetectionSession Session => session;

    public void Accept(ReadOnlySpan<byte> json, string index, string id)
    {
        var now = Stopwatch.GetTimestamp();
        lastEventTicks = now;
        if (!waiting)
        {
            waiting = true;
            oldestWaitingTicks = now;
        }
        settled = false;
        session.Accept(new RecordOrigin("vigil agent", ++line, 0), json, IndexBytes(index), System.Text.Encoding.UTF8.GetBytes(id));
    }

    // The writer's two index names, encoded once.
    private byte[] IndexBytes(string index)
    {
        if (!indexBytes.TryGetValue(index, out var bytes))
        {
            indexBytes[index] = bytes = System.Text.Encoding.UTF8.GetBytes(index);
        }
        return bytes;
    }

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
            session.Flush(settleMissing: true);
            settled = true;
        }
    }
}
