namespace Vigil.Agent.Sensor;

/// <summary>The <c>event.action</c> values the sensor emits.</summary>
public enum SensorAction
{
    Fork,
    Exec,
    End,
    ConnectionAttempted,
    ConnectionAccepted,
    DisconnectReceived,
}
