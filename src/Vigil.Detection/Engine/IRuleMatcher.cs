namespace Vigil.Detection.Engine;

/// <summary>
/// Runs a rule's query over the events one search would see (already filtered by index, time range and
/// exceptions) and returns every match in Elasticsearch's order (events by time; sequences by completion).
/// </summary>
public interface IRuleMatcher
{
    /// <summary>Matches; <paramref name="problems"/> receives events the query could not use, with their place.</summary>
    IReadOnlyList<RuleMatch> Match(IReadOnlyList<ScanEvent> events, List<string> problems);
}
