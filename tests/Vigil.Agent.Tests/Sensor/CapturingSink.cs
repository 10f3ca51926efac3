using System.Collections.Concurrent;
using System.Text;
using Vigil.Agent.Sensor;

namespace Vigil.Agent.Tests.Sensor;

/// <summary>Keeps every event the agent writes, as JSON text.</summary>
internal sealed class CapturingSink : IEventSink
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void Accept(ReadOnlySpan<byte> json, string index, string id) => Events.Enqueue(Encoding.UTF8.GetString(json));

    public void Tick()
    {
    }
}
