namespace Vigil.Simulation;

/// <summary>An event scheduled on a host's timeline, with what is needed to write it.</summary>
internal sealed class PendingEvent
{
    public required PendingEventKind Kind { get; init; }
    public required long TimeMicros { get; init; }
    public SimProcess? Process { get; init; }

    /// <summary>For exec: the image the process becomes (name, executable, args) at that moment.</summary>
    public ExecImage? Image { get; init; }

    public Connection? Connection { get; init; }
    public string? FilePath { get; init; }
    public string? DnsName { get; init; }
    public string[]? DnsAnswers { get; init; }

    /// <summary>The labelled scenario this event belongs to, if any.</summary>
    public ScenarioInstance? Scenario { get; init; }
}
