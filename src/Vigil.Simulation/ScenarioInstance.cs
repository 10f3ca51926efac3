namespace Vigil.Simulation;

/// <summary>One injected scenario: which events it wrote, so a labels file can say what a detector should find.</summary>
public sealed class ScenarioInstance(ScenarioKind kind, string instanceId, string hostId)
{
    private readonly List<string> _eventIds = [];

    public ScenarioKind Kind { get; } = kind;
    public string InstanceId { get; } = instanceId;
    public string HostId { get; } = hostId;

    /// <summary>Entity id of the cat process the scenario revolves around.</summary>
    public string EntityId { get; internal set; } = "";

    private int _scheduled;

    public bool ExpectAlert => ScenarioNames.ExpectsAlert(Kind);

    public IReadOnlyList<string> EventIds => _eventIds;

    /// <summary>True once every event of the instance has been written.</summary>
    public bool IsComplete => _eventIds.Count == _scheduled;

    internal void Scheduled() => _scheduled++;

    internal void Add(string eventId) => _eventIds.Add(eventId);
}
