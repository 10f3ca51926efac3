namespace Vigil.Server.Alerts;

/// <summary>
/// The triage page's summary of the matching alerts: counts by severity and by rule, and a histogram of equal buckets
/// from the first alert's time to the last one's (at least a minute wide); <see cref="Buckets"/> is empty with no alert.
/// </summary>
public sealed record TriageSummary(
    long Total, IReadOnlyList<(string Key, long Count)> BySeverity, IReadOnlyList<(string Key, long Count)> ByRule,
    long FirstMs, long EndMs, IReadOnlyList<long> Buckets);
