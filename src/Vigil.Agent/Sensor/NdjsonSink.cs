namespace Vigil.Agent.Sensor;

/// <summary>Writes each event as one NDJSON line (a file or stdout), flushed on the tick so a reader sees it soon.</summary>
public sealed class NdjsonSink(Stream output) : IEventSink
{
    private readonly BufferedStream buffered = new(output, 1 << 16);
    private bool dirty;

    public void Accept(ReadOnlySpan<byte> json, string index, string id)
    {
        buffered.Write(json);
        buffered.WriteByte((byte)'\n');
        dirty = true;
    }

    public void Tick()
    {
        if (dirty)
        {
            buffered.Flush();
            dirty = false;
        }
    }
}
