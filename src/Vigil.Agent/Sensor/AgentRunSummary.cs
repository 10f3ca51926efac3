namespace Vigil.Agent.Sensor;

/// <summary>What one agent run did: events written, kernel records dropped (ring full), records that failed, run time.</summary>
public readonly record struct AgentRunSummary(long Events, long Dropped, long Faults, TimeSpan Elapsed);
