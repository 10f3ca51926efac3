namespace Vigil.Simulation;

/// <summary>What to simulate: how many hosts and events, the seed, and which labelled scenarios to inject.</summary>
public sealed record SimulationOptions
{
    public int Hosts { get; init; } = 3;

    /// <summary>Events to write. Scenario events still in flight when the count is reached are written too.</summary>
    public long Events { get; init; } = 10_000;

    public ulong Seed { get; init; } = 1;

    /// <summary>Scenarios injected in turn (repeat a name to weight it); empty for background only.</summary>
    public IReadOnlyList<ScenarioKind> Scenarios { get; init; } = ScenarioNames.All;

    /// <summary>One scenario instance per this many events (at least one instance when scenarios are given).</summary>
    public long AttackRate { get; init; } = 100_000;

    /// <summary>Time of the first event (UTC); fixed so output never depends on the clock.</summary>
    public DateTime Start { get; init; } = new(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
}
