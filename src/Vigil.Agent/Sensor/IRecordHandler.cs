namespace Vigil.Agent.Sensor;

/// <summary>Receives each raw ring-buffer record on the sensor's polling thread.</summary>
public interface IRecordHandler
{
    void Handle(ReadOnlySpan<byte> record);

    /// <summary>A record the handler threw on: reported, never crossing into native code.</summary>
    void Fault(Exception error);
}
