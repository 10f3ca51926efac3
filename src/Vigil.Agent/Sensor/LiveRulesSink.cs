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
    private readonly DetectionSession session;
    private readonly LiveFlushTimer timer;
    private readonly Dictionary<string, byte[]> indexBytes = new(StringComparer.Ordinal);
    private long line;

    public LiveRulesSink(IReadOnlyList<PreparedRule> rules, ScanOptions options, TimeSpan reorderWindow, Action<PreparedRule, AlertDocument> onAlert)
    {
        session = new DetectionSession(rules, options, new DetectionSessionOptions
        {
            Follow = true,
            Reorder = new ReorderOptions { Window = reorderWindow },
            OnAlert = onAlert,
        });
        timer = new LiveFlushTimer(session, reorderWindow);
    }

    public DetectionSession Session => session;

    public void Accept(ReadOnlySpan<byte> json, string index, string id)
    {
        timer.EventArrived();
        // The writer's ids are 24 base64 characters: encoded on the stack, not allocated per event.
        Span<byte> idBytes = stackalloc byte[64];
        var written = System.Text.Encoding.UTF8.TryGetBytes(id, idBytes, out var n) ? idBytes[..n] : System.Text.Encoding.UTF8.GetBytes(id);
        session.Accept(new RecordOrigin("vigil agent", ++line, 0), json, IndexBytes(index), written);
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

    public void Tick() => timer.Tick();
}
