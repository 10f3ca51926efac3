namespace Vigil.Detection.Suppression;

/// <summary>The suppression facts of one stored alert (see <see cref="ISuppressedAlertStore"/>).</summary>
public sealed record StoredSuppressedAlert(
    string Id,
    string ExecutionUuid,
    DateTimeOffset Start,
    DateTimeOffset SuppressionStart,
    DateTimeOffset SuppressionEnd,
    long DocsCount);
