namespace Vigil.Detection.Engine;

/// <summary>Counts for one rule over a scan.</summary>
public sealed class RuleRunStats
{
    public required string RuleId { get; init; }
    public required string RuleName { get; init; }
    public long EventsInIndex { get; set; }
    public long EventsExcepted { get; set; }
    public int Executions { get; set; }
    public long Matches { get; set; }
    public long AlertsCreated { get; set; }
    public long DuplicatesDropped { get; set; }
    public long Suppressed { get; set; }
    public long TruncatedByMaxSignals { get; set; }
    public TimeSpan Elapsed { get; set; }
}
