namespace Vigil.Agent.Tests.Sensor;

/// <summary>Tests that load the real sensor run one at a time (each counts what the whole host does).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SensorCollection
{
    public const string Name = "real sensor";
}
