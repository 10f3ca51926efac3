namespace Vigil.Server.Alerts;

/// <summary>One pending webhook delivery: the outbox row, the attempts so far, the alert's current document (null if gone).</summary>
internal sealed record OutboxItem(long Sequence, string AlertId, int Attempts, string? Json);
