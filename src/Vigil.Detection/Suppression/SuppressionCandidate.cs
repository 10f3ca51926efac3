namespace Vigil.Detection.Suppression;

/// <summary>
/// An alert that carries suppression fields, with the building blocks that are written only if it is (a sequence
/// shell's sub-alerts).
/// </summary>
public sealed record SuppressionCandidate(
    Alerts.AlertDocument Alert,
    string InstanceId,
    DateTimeOffset SuppressionStart,
    IReadOnlyList<Alerts.AlertDocument> SubAlerts);
