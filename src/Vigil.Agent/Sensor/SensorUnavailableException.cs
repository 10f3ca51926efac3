namespace Vigil.Agent.Sensor;

/// <summary>The sensor cannot start on this machine; the message says why and what to do.</summary>
public sealed class SensorUnavailableException(string message) : Exception(message);
