namespace Vigil.Simulation;

/// <summary>What a generation run wrote.</summary>
public sealed record GenerationResult(long Events, long Bytes, IReadOnlyList<ScenarioInstance> Scenarios);
