namespace Vigil.Simulation;

/// <summary>What a scheduled host event is.</summary>
internal enum PendingEventKind
{
    /// <summary>Not written: starts a new background activity and schedules the next one.</summary>
    Activity,
    Fork,
    Exec,
    End,
    ConnectionAttempted,
    ConnectionAccepted,
    DisconnectReceived,
    FileCreation,
    FileModification,
    FileDeletion,
    DnsLookupRequested,
    DnsLookupResult,
}
