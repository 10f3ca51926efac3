namespace Vigil.Agent;

/// <summary>Names the agent layer; the sensor lives under Sensor/, the host tables under Osquery/.</summary>
public static class AgentLayer
{
    /// <summary>The value written to <c>agent.type</c> on every event the sensor emits.</summary>
    public const string AgentType = "vigil-agent";
}
