namespace Vigil.Agent.Sensor;

/// <summary>One event about to be written: what happened, to which process, when, and the socket for network events.</summary>
public readonly record struct SensorEvent(SensorAction Action, TrackedProcess Process, long TimeNs, SocketFacts? Socket = null, int ExitCode = 0);
