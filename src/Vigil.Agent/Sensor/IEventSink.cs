namespace Vigil.Agent.Sensor;

/// <summary>Where the agent's events go (an NDJSON file, the in-process rules, a shipper).</summary>
public interface IEventSink
{
    /// <summary>One event's JSON (valid only during the call), its data stream and its id.</summary>
    void Accept(ReadOnlySpan<byte> json, string index, string id);

    /// <summary>Called about every 50 ms, events or not: flush what waits.</summary>
    void Tick();
}
